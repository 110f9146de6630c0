from django.urls import path

from triage.questionnaire import views

app_name = "triage"

urlpatterns = [
    path("", views.start, name="start"),
    path("step/<slug:code>/", views.step, name="step"),
    path("step/<slug:code>/check/", views.step_check, name="step_check"),
    path("check/", views.check, name="check"),
    path("restart/", views.restart, name="restart"),
    path("results/<str:pk>/", views.results, name="results"),
    path("results/<str:pk>/print/", views.results_print, name="print"),
]
