from django.urls import path

from triage.questionnaire import regional, results_views, views

app_name = "triage"

urlpatterns = [
    path("", views.start, name="start"),
    path("step/<slug:code>/", views.step, name="step"),
    path("step/<slug:code>/check/", views.step_check, name="step_check"),
    path("step/<slug:code>/medicines/", views.medicine_search, name="medicine_search"),
    path("check/", views.check, name="check"),
    path("restart/", views.restart, name="restart"),
    path("region/", regional.choose_region, name="region"),
    path("preview/results/", views.preview_results, name="preview_results"),
    path("preview/stop/", views.stop, name="stop_preview"),
    path("results/<str:pk>/", results_views.results, name="results"),
    path("results/<str:pk>/print/", results_views.results_print, name="print"),
    path("results/<str:pk>/summary.pdf", results_views.results_pdf, name="pdf"),
    path("results/<str:pk>/page.css", results_views.results_page_css, name="page_css"),
    path("results/<str:pk>/change/", results_views.change_answers, name="change_answers"),
]
