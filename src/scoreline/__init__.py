"""Scoreline: lead accountability for car dealers."""
