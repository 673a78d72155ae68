"""The metrics pages of an organisation: every metric with its latest value, one metric's
values over time, the value form, the import, and the import's template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DeleteView, FormView, ListView, UpdateView

from assessment.models import Organisation
from core.exports import Column, csv_response
from core.views import PagedFilterView
from readiness import importer
from readiness.charts import trend_chart
from readiness.filters import MetricFilter
from readiness.forms import MetricImportForm, MetricValueForm
from readiness.models import Metric, MetricValue
from readiness.selectors.metrics import metric_lists, metric_trends, metrics_with_latest
from readiness.services import imports
from readiness.services import metrics as services


class OrganisationMixin:
    """The organisation named by the URL (pk)."""

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(
            Organisation.objects.for_user(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class MetricListView(OrganisationMixin, PagedFilterView):
    permission_required = ("readiness.view_metric", "readiness.view_metricvalue")
    filterset_class = MetricFilter
    template_name = "readiness/metric_list.html"

    def get_queryset(self):
        return metrics_with_latest(self.organisation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(metric_lists=list(metric_lists()), **kwargs)


class MetricMixin(OrganisationMixin):
    def dispatch(self, request, *args, **kwargs):
        self.metric = get_object_or_404(
            Metric.objects.select_related("statement__theme", "metric_list"),
            pk=kwargs["metric_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(metric=self.metric, **kwargs)


class MetricDetailView(MetricMixin, PermissionRequiredMixin, ListView):
    """One metric's values for the organisation: newest first (paginated), the trend of the
    latest periods as a chart and its numbers as a table."""

    permission_required = ("readiness.view_metric", "readiness.view_metricvalue")
    template_name = "readiness/metric_detail.html"
    paginate_by = 25
    chart_periods = 10

    def get_queryset(self):
        return (
            MetricValue.objects.for_user(self.request.user)
            .filter(organisation=self.organisation, metric=self.metric)
            .select_related("entered_by")
            .order_by("-period_start", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trend = metric_trends(self.organisation, Metric.objects.filter(pk=self.metric.pk))[0]
        trend.values = trend.values[-self.chart_periods :]
        context["trend"] = trend
        context["chart"] = trend_chart(trend, id="metric-trend") if trend.values else None
        return context


class MetricValueSaveMixin:
    success_message = "Value saved."

    def form_valid(self, form):
        try:
            value = services.save_metric_value(value=form.instance, user=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(period=value.period_label))
        return HttpResponseRedirect(value.get_absolute_url())


class MetricValueCreateView(MetricMixin, PermissionRequiredMixin, MetricValueSaveMixin, CreateView):
    permission_required = "readiness.add_metricvalue"
    form_class = MetricValueForm
    template_name = "readiness/metricvalue_form.html"
    success_message = "Value for {period} recorded."

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "metric": self.metric,
            "organisation": self.organisation,
        }


class ValueMixin:
    def get_queryset(self):
        return MetricValue.objects.for_user(self.request.user).select_related(
            "organisation", "metric__statement__theme"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisation=self.object.organisation, metric=self.object.metric, **kwargs
        )


class MetricValueUpdateView(ValueMixin, PermissionRequiredMixin, MetricValueSaveMixin, UpdateView):
    permission_required = "readiness.change_metricvalue"
    form_class = MetricValueForm
    template_name = "readiness/metricvalue_form.html"
    success_message = "Value for {period} saved."

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "metric": self.object.metric,
            "organisation": self.object.organisation,
        }


class MetricValueDeleteView(ValueMixin, PermissionRequiredMixin, DeleteView):
    permission_required = "readiness.delete_metricvalue"
    template_name = "readiness/metricvalue_confirm_delete.html"

    def form_valid(self, form):
        url = self.object.get_absolute_url()
        label = self.object.period_label
        services.delete_metric_value(value=self.object, user=self.request.user)
        messages.success(self.request, f"Value for {label} deleted.")
        return HttpResponseRedirect(url)


class MetricImportView(OrganisationMixin, PermissionRequiredMixin, FormView):
    permission_required = "readiness.add_metricvalue"
    form_class = MetricImportForm
    template_name = "readiness/metric_import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=importer.COLUMNS, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_metric_values(
                organisation=self.organisation,
                filename=upload.name,
                content=upload.read(),
                user=self.request.user,
                replace_existing=form.cleaned_data["replace_existing"],
            )
        except importer.MetricImportError as error:
            count = len(error.errors)
            messages.error(
                self.request,
                f"Nothing was imported: {count} problem{pluralize(count)} in {upload.name}.",
            )
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=error.errors)
            )
        messages.success(
            self.request,
            f"Imported {result.created} new and replaced {result.updated} values for "
            f"{self.organisation}.",
        )
        return HttpResponseRedirect(reverse("readiness:metric-list", args=[self.organisation.pk]))


TEMPLATE_COLUMNS = [Column(name, width=30) for name in importer.COLUMNS]


class MetricTemplateView(PermissionRequiredMixin, View):
    """The import's columns, with one row per metric in CQC's words, ready to fill in."""

    permission_required = "readiness.view_metric"

    def get(self, request):
        rows = (
            (metric.statement.title, metric.name, "", "", "", "", "", "", "")
            for metric in Metric.objects.in_order()
        )
        return csv_response("metric-values-template", TEMPLATE_COLUMNS, rows)
