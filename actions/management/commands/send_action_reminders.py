"""The daily digest's former name, kept for existing cron lines: send_daily_digest."""

from notifications.management.commands.send_daily_digest import Command as DailyDigestCommand


class Command(DailyDigestCommand):
    help = "Another name for send_daily_digest (the daily digest, which holds the reminders)."
