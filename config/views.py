"""Project-level pages: the dashboard (drawing on every app) and the accessibility statement."""

from django.contrib.auth.decorators import login_not_required
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from actions import selectors as action_selectors
from actions.charts import status_chart
from actions.models import AMBER_DAYS
from assessment import selectors as assessment_selectors
from assessment.models import Assessment
from assessment.roles import has_role
from complaints.models import Complaint
from core import panels
from core.counts import CountOf, figures


class DashboardView(TemplateView):
    """The home page: each section for those whose role may see its data. A user with no role
    yet gets a page saying so, and who can give one, with no data at all."""

    template_name = "dashboard.html"

    def get_template_names(self):
        if not has_role(self.request.user):
            return ["no_role.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not has_role(user):
            return context
        if user.has_perm("assessment.view_assessment"):
            context["status_counts"] = [
                (value, label, count)
                for (value, label), count in zip(
                    Assessment.Status.choices,
                    assessment_selectors.assessment_status_counts(user).values(),
                    strict=True,
                )
            ]
            context["recent_assessments"] = Assessment.objects.for_user(user).for_list()[:5]
        today = timezone.localdate()
        complaints = {}
        show_complaints = user.has_perm("complaints.view_complaint")
        if show_complaints:
            # The complaints list filters on these same QuerySet methods (status, overdue).
            mine = Complaint.objects.for_user(user)
            complaints = {
                "complaints_open": CountOf(mine.open(), rows=True),
                "complaints_overdue": CountOf(mine.overdue(today), rows=True),
            }
        if user.has_perm("actions.review_action"):
            # The managers' section: every action figure in one aggregate query, plus two.
            actions = action_selectors.action_dashboard(user)
            context["actions"] = actions
            context["chart"] = status_chart(actions.chart)
            counts = figures(user, **complaints)
        elif user.has_perm("actions.view_action"):
            # The officer's own figures (kept under the data versions), then the complaints'.
            counts = action_selectors.my_figures(
                user, today, unanswered=user.has_perm("findings.view_finding")
            ) | figures(user, **complaints)
            context["my_actions"] = counts
            context["unanswered_count"] = counts.get("unanswered")
            if counts["returned"]:
                context["returned_plans"] = list(action_selectors.returned_plans(user)[:10])
            if counts["overdue"]:
                context["my_overdue"] = [
                    (action, (today - action.due_date).days)
                    for action in action_selectors.my_overdue_actions(user, today)
                ]
        else:
            counts = figures(user, **complaints)
        context["amber_days"] = AMBER_DAYS
        context["panels"] = panels.panels_for(panels.DASHBOARD, self.request, None)
        if show_complaints:
            context["complaints"] = {
                "open": counts["complaints_open"],
                "overdue": counts["complaints_overdue"],
            }
        return context


@method_decorator(login_not_required, name="dispatch")
class AccessibilityStatementView(TemplateView):
    """The accessibility statement the public sector regulations require: public, like every
    GOV.UK statement, so someone who cannot log in can still read it and report a problem."""

    template_name = "accessibility.html"
