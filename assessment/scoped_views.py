"""The base of pages about one object of an organisation named by the URL's pk (the
organisation itself, a member, a complaint category...): 403 for a role that grants the
permission in no organisation, 404 for another organisation's object (read through
`for_user`), 403 where the user's role in the object's organisation does not grant it."""

from __future__ import annotations

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404

from assessment.models import Organisation


class ScopedObjectMixin(PermissionRequiredMixin):
    """Sets `self.scoped_object` and `self.organisation` (its organisation) before the view
    runs; the context gets `organisation`."""

    scoped_model = Organisation
    scoped_select: tuple[str, ...] = ()

    def has_permission(self):
        if not super().has_permission():
            return False
        user = self.request.user
        queryset = self.scoped_model.objects.for_user(user)
        if self.scoped_model is not Organisation:
            queryset = queryset.select_related("organisation", *self.scoped_select)
        self.scoped_object = get_object_or_404(queryset, pk=self.kwargs["pk"])
        self.organisation = (
            self.scoped_object
            if self.scoped_model is Organisation
            else self.scoped_object.organisation
        )
        perms = self.get_permission_required()
        return all(user.has_perm(perm, self.scoped_object) for perm in perms)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)
