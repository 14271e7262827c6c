from django.contrib.auth import views as auth_views
from django.urls import path

from scoreline.web.views import (
    board,
    group,
    home,
    imports,
    leads,
    notifications,
    plan,
    scoreboard,
    settings,
)

urlpatterns = [
    path("login/", home.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home.home, name="home"),
    path("leads/", leads.my_leads, name="my_leads"),
    path("leads/<int:lead_id>/", leads.lead_page, name="lead"),
    path("leads/<int:lead_id>/call/", leads.log_call, name="log_call"),
    path("leads/<int:lead_id>/message/", leads.record_message, name="record_message"),
    path("leads/<int:lead_id>/plan/", leads.plan_follow_up, name="plan_follow_up"),
    path("leads/<int:lead_id>/close/", leads.close_lost, name="close_lost"),
    path("leads/<int:lead_id>/reassign/", leads.reassign, name="reassign"),
    path("notifications/<int:notification_id>/read/", notifications.read, name="notification_read"),
    path("board/", board.board, name="board"),
    path("board/<slug:slug>/", board.board, name="board"),
    path("board/<slug:slug>/reassign/<int:lead_id>/", board.reassign, name="board_reassign"),
    path("scoreboard/", scoreboard.scoreboard, name="scoreboard"),
    path("scoreboard/<slug:slug>/", scoreboard.scoreboard, name="scoreboard"),
    path("group/", group.group, name="group"),
    path("plan/", plan.plan, name="plan"),
    path("plan/<slug:slug>/", plan.plan, name="plan"),
    path("settings/", settings.settings_page, name="settings"),
    path("settings/<slug:slug>/", settings.settings_page, name="settings"),
    path("settings/<slug:slug>/<str:section>/", settings.save_section, name="settings_save"),
    path("imports/", imports.imports, name="imports"),
    path("imports/<slug:slug>/", imports.imports, name="imports"),
]
