"""My jobs, a job's page (progress that updates itself), its status as JSON, its file."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView, ListView

from assessment.roles import has_role
from jobs.models import Job
from jobs.selectors import job_status


class JobAccessMixin(UserPassesTestMixin):
    """Anyone with a role; each sees their own jobs (another's is a 404, never a 403)."""

    def test_func(self):
        return has_role(self.request.user)

    def get_queryset(self):
        return Job.objects.visible_to(self.request.user).for_list()


class JobListView(JobAccessMixin, ListView):
    template_name = "jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = settings.PAGE_SIZE


class JobDetailView(JobAccessMixin, DetailView):
    template_name = "jobs/job_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return Job.objects.visible_to(self.request.user).select_related("started_by")


class JobStatusView(JobAccessMixin, View):
    """What the job page's script polls until the job is done or failed."""

    def get(self, request, pk):
        job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
        response = JsonResponse(job_status(job))
        response["Cache-Control"] = "private, no-store"
        return response


class JobFileView(JobAccessMixin, View):
    """The file a job made, to those who may see the job; never as public media."""

    def get(self, request, pk):
        job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
        if job.status != Job.Status.DONE or not job.result_file:
            raise Http404("This job has made no file.")
        if job.is_expired:
            raise Http404("The file was kept for a limited time, and that time is over.")
        try:
            handle = job.result_file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing from storage.") from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=job.result_name or f"job-{job.pk}",
            content_type=job.result_content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response
