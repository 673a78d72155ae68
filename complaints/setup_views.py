"""An organisation's complaint categories and service areas, run by its managers: the list
(officers and viewers read it), add, rename, merge, retire and restore. One set of views
serves both lists: each URL names its model (complaints/setup_urls.py)."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from assessment.scoped_views import ScopedObjectMixin
from complaints import setup_services
from complaints.setup_forms import MergeForm, item_form
from core.filters import BootstrapFilterSet
from core.views import PagedFilterView


class ListItemFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    active = django_filters.ChoiceFilter(
        label="Status",
        choices=[("true", "In use"), ("false", "Retired")],
        empty_label="In use or retired",
        method="status",
    )

    class Meta:
        fields = ["q", "active"]

    def status(self, queryset, name, value):
        return queryset.filter(active=value == "true")


class ListMixin(ScopedObjectMixin):
    """`model`: ComplaintCategory or ServiceArea; `action`: the permission needed."""

    model = None
    action = "view"

    def get_permission_required(self):
        return [setup_services.perm(self.model, self.action)]

    def list_url(self) -> str:
        return reverse(
            f"complaints:{self.model._meta.model_name}-list", args=[self.organisation.pk]
        )

    def get_context_data(self, **kwargs):
        meta = self.model._meta
        return super().get_context_data(
            what=meta.verbose_name,
            what_plural=meta.verbose_name_plural,
            url_prefix=f"complaints:{meta.model_name}",
            list_url=self.list_url(),
            **kwargs,
        )


class ItemMixin(ListMixin):
    """A page of the category or service area named by the URL's pk."""

    action = "change"

    def has_permission(self):
        self.scoped_model = self.model
        return super().has_permission()


class ItemListView(ListMixin, PagedFilterView):
    template_name = "complaints/setup/item_list.html"

    def get_filterset_class(self):
        meta = type("Meta", (ListItemFilter.Meta,), {"model": self.model})
        return type("Filter", (ListItemFilter,), {"Meta": meta})

    def get_queryset(self):
        return (
            self.model.objects.filter(organisation=self.organisation)
            .annotate(complaint_count=Count("complaints"))
            .order_by("-active", "name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.request.user.has_perm(
            setup_services.perm(self.model, "change"), self.organisation
        )
        return context


class SaveItemView(FormView):
    template_name = "complaints/setup/item_form.html"

    def get_form_class(self):
        return item_form(self.model)

    def form_valid(self, form):
        try:
            item = setup_services.save_item(item=form.instance, user=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.done(item))
        return HttpResponseRedirect(self.list_url())

    def form_invalid(self, form):
        messages.error(self.request, "Nothing was changed: correct the errors below.")
        return super().form_invalid(form)


class ItemCreateView(ListMixin, SaveItemView):
    action = "add"

    def get_form_kwargs(self):
        item = self.model(organisation=self.organisation)
        return super().get_form_kwargs() | {"instance": item}

    def done(self, item) -> str:
        return f"“{item.name}” added to the {self.model._meta.verbose_name_plural}."


class ItemUpdateView(ItemMixin, SaveItemView):
    def get_form_kwargs(self):
        self.old_name = self.scoped_object.name
        return super().get_form_kwargs() | {"instance": self.scoped_object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.scoped_object, **kwargs)

    def done(self, item) -> str:
        return f"“{self.old_name}” renamed “{item.name}”."


class ItemMergeView(ItemMixin, FormView):
    template_name = "complaints/setup/item_merge.html"
    form_class = MergeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"source": self.scoped_object}

    def get_context_data(self, **kwargs):
        item = self.scoped_object
        count = item.complaints.count()
        return super().get_context_data(item=item, complaint_count=count, **kwargs)

    def form_valid(self, form):
        source, target = self.scoped_object, form.cleaned_data["target"]
        try:
            moved = setup_services.merge_items(source=source, target=target, user=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"“{source.name}” merged into “{target.name}”: {moved} complaint"
            f"{'' if moved == 1 else 's'} moved; “{source.name}” is retired.",
        )
        return HttpResponseRedirect(self.list_url())

    def form_invalid(self, form):
        messages.error(self.request, "Nothing was merged: correct the errors below.")
        return super().form_invalid(form)


class ItemActiveView(ItemMixin, View):
    """Retire or restore (POST, from the list)."""

    active = False

    def post(self, request, *args, **kwargs):
        item = setup_services.set_active(
            item=self.scoped_object, active=self.active, user=request.user
        )
        if item.active:
            messages.success(request, f"“{item.name}” restored: offered for new complaints again.")
        else:
            messages.success(
                request,
                f"“{item.name}” retired: no longer offered for new complaints, kept on the "
                "complaints that have it.",
            )
        return HttpResponseRedirect(self.list_url())
