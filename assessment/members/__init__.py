"""An organisation's members, run by its managers in the app: the members page (add an existing
user, invite someone by e-mail, change a role, deactivate), invitations and their acceptance,
and the page saying what each role may do."""
