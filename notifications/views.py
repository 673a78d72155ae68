"""A person's notifications (newest first), marking them read, and their delivery choices."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView, ListView

from notifications import services
from notifications.forms import PreferencesForm
from notifications.models import Notification


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).for_list()


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one notification read; with `open`, go on to its page. Another person's: 404."""

    def get(self, request, pk):
        # Found first: another person's notification is a 404 whatever the method.
        get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
        services.mark_read(user=request.user, notification=notification)
        if "open" in request.POST and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}
        ):
            return redirect(notification.url)
        return redirect("notifications:notification-list")


class NotificationReadAllView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        count = services.mark_all_read(user=request.user)
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
        return redirect("notifications:notification-list")


class PreferencesView(LoginRequiredMixin, FormView):
    template_name = "notifications/preferences.html"
    form_class = PreferencesForm
    success_url = reverse_lazy("notifications:preferences")

    def get_initial(self):
        return services.preferences(self.request.user)

    def form_valid(self, form):
        services.set_preferences(user=self.request.user, choices=form.cleaned_data)
        messages.success(self.request, "Your notification preferences are saved.")
        return super().form_valid(form)
