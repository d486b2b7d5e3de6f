"""Background work of the accounts: sending activation e-mails."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=60)
def send_invitation_email(invitation_id: int) -> None:
    """Send the activation e-mail of an invitation, with a fresh link.

    The secret link is made here, at sending time, so it never waits in the task queue; a
    retry after an SMTP failure sends a new link and the older one stops working.
    """
    from dragoman.accounts.services import invitation_send

    invitation_send(invitation_id=invitation_id)
