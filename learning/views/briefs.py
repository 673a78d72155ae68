"""Learning briefs: the list, drafting from a source, the brief's page (acknowledging it, its
checks), publishing, its reach, recording a check, its attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView

from complaints.models import Complaint
from core.params import id_param
from core.uploads import stored_file_response
from core.views import ObjectPermissionMixin, PagedFilterView
from findings.models import Finding
from learning.forms import AcknowledgeForm, BriefFilter, BriefForm, CheckForm
from learning.models import BriefAttachment, LearningBrief, SARRecommendation
from learning.selectors import briefs as selectors
from learning.selectors.reach import reach, with_reach
from learning.services import briefs as services
from learning.services.checks import record_check
from learning.views.common import add_form_errors, refused

SOURCES = {
    "recommendation": (SARRecommendation, "review__organisation"),
    "complaint": (Complaint, "organisation"),
    "finding": (Finding, "topic__assessment__organisation"),
}


class BriefListView(PagedFilterView):
    permission_required = "learning.view_learningbrief"
    filterset_class = BriefFilter
    template_name = "learning/brief_list.html"

    def get_queryset(self):
        briefs = LearningBrief.objects.for_user(self.request.user).select_related("organisation")
        return with_reach(briefs).order_by("-published_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "report_organisations": selectors.report_organisations(self.request.user)
        }


class BriefFormMixin:
    model = LearningBrief
    form_class = BriefForm
    template_name = "learning/brief_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = services.save_brief(
                brief=form.instance,
                user=self.request.user,
                teams=data["audience_teams"],
                people=data["audience_people"],
                actions=data["actions"],
                attachment=data.get("attachment"),
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Draft “{self.object}” saved.")
        return HttpResponseRedirect(self.object.get_absolute_url())


class BriefCreateView(PermissionRequiredMixin, BriefFormMixin, CreateView):
    """A new draft from its source, named in the query (?recommendation=, ?complaint= or
    ?finding=); without one, the page lists sources to start from."""

    permission_required = "learning.add_learningbrief"

    @cached_property
    def source(self) -> tuple[str, object] | None:
        for name, (model, _lookup) in SOURCES.items():
            pk = id_param(self.request.GET, name)
            if pk is not None:
                objects = model.objects.for_user(self.request.user, self.permission_required)
                return name, get_object_or_404(objects, pk=pk)
        return None

    def get_template_names(self):
        if self.source is None:
            return ["learning/brief_choose_source.html"]
        return super().get_template_names()

    def get(self, request, *args, **kwargs):
        if self.source is None:
            context = {"sources": selectors.sources_to_brief(request.user)}
            return self.render_to_response(context)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.source is None:
            raise Http404("Choose the source of the brief.")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        name, source = self.source
        lookup = SOURCES[name][1]
        organisation_id = type(source).objects.filter(pk=source.pk).values_list(lookup, flat=True)
        brief = LearningBrief(organisation_id=organisation_id.get(), **{name: source})
        return super().get_form_kwargs() | {"instance": brief}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"source": self.source[1]}


class BriefUpdateView(PermissionRequiredMixin, ObjectPermissionMixin, BriefFormMixin, UpdateView):
    permission_required = "learning.change_learningbrief"

    def get_queryset(self):
        return LearningBrief.objects.for_user(self.request.user).select_related("organisation")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"source": self.object.source}


class BriefDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "learning.view_learningbrief"
    context_object_name = "brief"
    template_name = "learning/brief_detail.html"

    def get_queryset(self):
        return selectors.brief_page(self.request.user)

    def get_context_data(self, **kwargs):
        brief, user = self.object, self.request.user
        return (
            super().get_context_data(**kwargs)
            | selectors.brief_context(brief, user)
            | {"acknowledge_form": AcknowledgeForm(), "today": timezone.localdate()}
        )


class _BriefActionView(PermissionRequiredMixin, View):
    """POST only: one step on a brief of the user's organisations."""

    http_method_names = ["post"]

    def brief(self) -> LearningBrief:
        return get_object_or_404(
            LearningBrief.objects.for_user(self.request.user), pk=self.kwargs["pk"]
        )


class BriefPublishView(_BriefActionView):
    permission_required = "learning.publish_learningbrief"

    def post(self, request, pk):
        brief = self.brief()
        try:
            brief = services.publish_brief(brief=brief, user=request.user)
        except ValidationError as error:
            return refused(request, error, brief.get_absolute_url())
        people = brief.audience.values("person_id").distinct().count()
        messages.success(request, f"Published: {people} people were sent it to acknowledge.")
        return HttpResponseRedirect(brief.get_absolute_url())


class BriefAcknowledgeView(_BriefActionView):
    permission_required = "learning.view_learningbrief"

    def post(self, request, pk):
        brief = self.brief()
        form = AcknowledgeForm(request.POST)
        form.is_valid()
        try:
            services.acknowledge(
                brief=brief, user=request.user, reflection=form.cleaned_data.get("reflection", "")
            )
        except ValidationError as error:
            return refused(request, error, brief.get_absolute_url())
        except PermissionDenied as error:
            # Someone who may read the brief but was not sent it: say so on its page.
            return refused(request, ValidationError(str(error)), brief.get_absolute_url())
        messages.success(request, "Thank you: your acknowledgement is recorded.")
        return HttpResponseRedirect(brief.get_absolute_url())


class BriefReachView(PermissionRequiredMixin, TemplateView):
    """Reach per team and overall, with who is outstanding (managers)."""

    permission_required = "learning.view_reach"
    template_name = "learning/brief_reach.html"

    def get_context_data(self, **kwargs):
        briefs = LearningBrief.objects.for_user(self.request.user).select_related("organisation")
        brief = get_object_or_404(briefs, pk=self.kwargs["pk"])
        if not self.request.user.has_perm(self.permission_required, brief):
            raise PermissionDenied
        today = timezone.localdate()
        result = reach(brief, today, outstanding=True) if brief.is_published else None
        return super().get_context_data(**kwargs) | {
            "brief": brief,
            "organisation": brief.organisation,
            "reach": result,
            "today": today,
        }


class CheckCreateView(PermissionRequiredMixin, FormView):
    permission_required = "learning.add_effectivenesscheck"
    form_class = CheckForm
    template_name = "learning/check_form.html"

    @cached_property
    def brief(self) -> LearningBrief:
        briefs = LearningBrief.objects.for_user(self.request.user).select_related("organisation")
        brief = get_object_or_404(briefs, pk=self.kwargs["pk"])
        if not self.request.user.has_perm(self.permission_required, brief):
            raise PermissionDenied
        return brief

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"brief": self.brief}

    def get_initial(self):
        return {"date": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"brief": self.brief}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            check = record_check(brief=self.brief, user=self.request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Check recorded: {check.get_result_display().lower()}.")
        if check.follow_up_brief:
            messages.info(self.request, "A re-brief was drafted: edit it, then publish it.")
        return HttpResponseRedirect(check.get_absolute_url())


class AttachmentView(PermissionRequiredMixin, View):
    """A brief's attachment, to those who may read the brief; never as public media."""

    permission_required = "learning.view_briefattachment"

    def get(self, request, pk):
        attachment = get_object_or_404(BriefAttachment.objects.for_user(request.user), pk=pk)
        return stored_file_response(
            attachment.file, filename=attachment.filename, content_type=attachment.content_type
        )
