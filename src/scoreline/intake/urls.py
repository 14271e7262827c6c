from django.urls import path

from scoreline.intake import views

app_name = "intake"
urlpatterns = [
    path("<str:token>/", views.receive, name="receive"),
]
