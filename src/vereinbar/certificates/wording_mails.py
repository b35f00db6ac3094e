"""The mails about an award in the words of its kind (``cycles/mail/cycle_grant``, ``cycle_refuse``,
``award_revoked``, ``reminder_award_expiry``, ``reminder_award_expired`` and their next steps),
read through ``wording.award_text``: whole sentences per kind, as in ``wording``. A charter
signature is confirmed rather than granted and is in force rather than valid, and ends rather
than expires; the mails of a kind without an award (or of an unknown one) keep the neutral word.

German first sentences of a body start in lower case: they follow the greeting's comma."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vereinbar.programmes.models import ProgrammeKind

NEUTRAL = ""

MAIL_WORDING: dict[str, dict[str, Promise]] = {
    "mail_subject_granted": {
        ProgrammeKind.CERTIFICATION: _("Certificate granted: %(organisation)s"),
        ProgrammeKind.RECOGNITION: _("Recognition granted: %(organisation)s"),
        ProgrammeKind.CHARTER: _("Charter signature confirmed: %(organisation)s"),
        NEUTRAL: _("Award granted: %(organisation)s"),
    },
    "mail_granted": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate of the programme %(programme)s, cycle “%(stage)s”, was granted to %(organisation)s."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition of the programme %(programme)s, cycle “%(stage)s”, was granted to %(organisation)s."
        ),
        ProgrammeKind.CHARTER: _(
            "The programme operator confirmed the charter signature of %(organisation)s in the programme %(programme)s, cycle “%(stage)s”."
        ),
        NEUTRAL: _("The award of the programme %(programme)s, cycle “%(stage)s”, was granted to %(organisation)s."),
    },
    "mail_granted_valid_until": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate %(number)s is valid until %(valid_until)s; you can download it on the cycle's page."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition %(number)s is valid until %(valid_until)s; its certificate is on the cycle's page."
        ),
        ProgrammeKind.CHARTER: _(
            "The charter signature is recorded under the number %(number)s and is in force until %(valid_until)s; its certificate is on the cycle's page."
        ),
        NEUTRAL: _("The award %(number)s is valid until %(valid_until)s; its certificate is on the cycle's page."),
    },
    "mail_granted_issued": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate %(number)s has been issued; you can download it on the cycle's page."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition %(number)s has been granted; its certificate is on the cycle's page."
        ),
        ProgrammeKind.CHARTER: _(
            "The charter signature is recorded under the number %(number)s; its certificate is on the cycle's page."
        ),
        NEUTRAL: _("The award %(number)s has been issued; its certificate is on the cycle's page."),
    },
    "mail_replaces": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate %(number)s replaces the earlier certificate %(old)s of this programme."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition %(number)s replaces the earlier recognition %(old)s of this programme."
        ),
        ProgrammeKind.CHARTER: _(
            "The renewed charter signature is recorded under the number %(number)s and replaces the earlier signature, number %(old)s."
        ),
        NEUTRAL: _("The award %(number)s replaces the earlier award %(old)s of this programme."),
    },
    "mail_old_shows_replaced": {
        ProgrammeKind.CERTIFICATION: _(
            "The verification page and the seal of %(old)s now show it as replaced and point to the new certificate."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The verification page and the seal of %(old)s now show it as replaced and point to the new recognition."
        ),
        ProgrammeKind.CHARTER: _(
            "The verification page and the seal of the earlier signature now show it as replaced and point to the renewed signature."
        ),
        NEUTRAL: _("The verification page and the seal of %(old)s now show it as replaced and point to the new award."),
    },
    "mail_replace_on_website": {
        ProgrammeKind.CERTIFICATION: _(
            "Please replace the seal, the certificate and any link to the old verification page on your website with those of the new certificate:"
        ),
        ProgrammeKind.RECOGNITION: _(
            "Please replace the seal, the certificate of recognition and any link to the old verification page on your website with those of the new recognition:"
        ),
        ProgrammeKind.CHARTER: _(
            "Please replace the seal, the certificate and any link to the old verification page on your website with those of the renewed charter signature:"
        ),
        NEUTRAL: _(
            "Please replace the seal, the certificate and any link to the old verification page on your website with those of the new award:"
        ),
    },
    "mail_show_on_website": {
        ProgrammeKind.CERTIFICATION: _(
            "To show the certificate on your website, use its seal and the certificate itself:"
        ),
        ProgrammeKind.RECOGNITION: _("To show the recognition on your website, use its seal and certificate:"),
        ProgrammeKind.CHARTER: _("To show your charter signature on your website, use its seal and certificate:"),
        NEUTRAL: _("To show the award on your website, use its seal and certificate:"),
    },
    "mail_link_page_seal": {
        ProgrammeKind.CERTIFICATION: _(
            "– the certificate's page in your workspace, with the seal and the HTML code to copy into your website:"
        ),
        ProgrammeKind.RECOGNITION: _(
            "– the recognition's page in your workspace, with the seal and the HTML code to copy into your website:"
        ),
        ProgrammeKind.CHARTER: _(
            "– the page of the charter signature in your workspace, with the seal and the HTML code to copy into your website:"
        ),
        NEUTRAL: _("– the award's page in your workspace, with the seal and the HTML code to copy into your website:"),
    },
    "mail_link_certificate": {
        ProgrammeKind.CERTIFICATION: _("– certificate (PDF):"),
        ProgrammeKind.RECOGNITION: _("– certificate of recognition (PDF):"),
        ProgrammeKind.CHARTER: _("– certificate of the charter signature (PDF):"),
        NEUTRAL: _("– certificate (PDF):"),
    },
    "mail_link_new_verify": {
        ProgrammeKind.CERTIFICATION: _("– public verification page of the new certificate:"),
        ProgrammeKind.RECOGNITION: _("– public verification page of the new recognition:"),
        ProgrammeKind.CHARTER: _("– public verification page of the renewed charter signature:"),
        NEUTRAL: _("– public verification page of the new award:"),
    },
    "mail_subject_refused": {
        ProgrammeKind.CERTIFICATION: _("Certificate refused: %(organisation)s"),
        ProgrammeKind.RECOGNITION: _("Recognition refused: %(organisation)s"),
        ProgrammeKind.CHARTER: _("Charter signature not confirmed: %(organisation)s"),
        NEUTRAL: _("Award refused: %(organisation)s"),
    },
    "mail_refused": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate of the programme %(programme)s, cycle “%(stage)s”, was refused to %(organisation)s. Reason: %(reason)s"
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition of the programme %(programme)s, cycle “%(stage)s”, was refused to %(organisation)s. Reason: %(reason)s"
        ),
        ProgrammeKind.CHARTER: _(
            "The programme operator did not confirm the charter signature of %(organisation)s in the programme %(programme)s, cycle “%(stage)s”. Reason: %(reason)s"
        ),
        NEUTRAL: _(
            "The award of the programme %(programme)s, cycle “%(stage)s”, was refused to %(organisation)s. Reason: %(reason)s"
        ),
    },
    "mail_subject_revoked": {
        ProgrammeKind.CERTIFICATION: _("Certificate revoked: %(organisation)s"),
        ProgrammeKind.RECOGNITION: _("Recognition revoked: %(organisation)s"),
        ProgrammeKind.CHARTER: _("Charter signature revoked: %(organisation)s"),
        NEUTRAL: _("Award revoked: %(organisation)s"),
    },
    "mail_revoked": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate %(number)s of the programme %(programme)s was revoked. Reason: %(reason)s"
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition %(number)s of the programme %(programme)s was revoked. Reason: %(reason)s"
        ),
        ProgrammeKind.CHARTER: _(
            "The charter signature recorded under the number %(number)s in the programme %(programme)s was revoked. Reason: %(reason)s"
        ),
        NEUTRAL: _("The award %(number)s of the programme %(programme)s was revoked. Reason: %(reason)s"),
    },
    "mail_revoked_shows": {
        ProgrammeKind.CERTIFICATION: _(
            "The public verification page and the seal on your website now show the certificate as revoked, and the public directory no longer lists it. Please remove the seal and the certificate from your website."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The public verification page and the seal on your website now show the recognition as revoked, and the public directory no longer lists it. Please remove the seal and the certificate of recognition from your website."
        ),
        ProgrammeKind.CHARTER: _(
            "The public verification page and the seal on your website now show the charter signature as revoked, and the public directory no longer lists it. Please remove the seal and the certificate from your website."
        ),
        NEUTRAL: _(
            "The public verification page and the seal on your website now show the award as revoked, and the public directory no longer lists it. Please remove the seal and the certificate from your website."
        ),
    },
    "mail_link_workspace": {
        ProgrammeKind.CERTIFICATION: _("The certificate in your workspace:"),
        ProgrammeKind.RECOGNITION: _("The recognition in your workspace:"),
        ProgrammeKind.CHARTER: _("The charter signature in your workspace:"),
        NEUTRAL: _("The award in your workspace:"),
    },
    "mail_link_workspace_seal": {
        ProgrammeKind.CERTIFICATION: _("The certificate in your workspace (with its seal):"),
        ProgrammeKind.RECOGNITION: _("The recognition in your workspace (certificate and seal):"),
        ProgrammeKind.CHARTER: _("The charter signature in your workspace (certificate and seal):"),
        NEUTRAL: _("The award in your workspace (certificate and seal):"),
    },
    "mail_link_verify": {
        ProgrammeKind.CERTIFICATION: _("The certificate's public verification page:"),
        ProgrammeKind.RECOGNITION: _("The recognition's public verification page:"),
        ProgrammeKind.CHARTER: _("The public verification page of the charter signature:"),
        NEUTRAL: _("The award's public verification page:"),
    },
    "mail_subject_expiry": {
        ProgrammeKind.CERTIFICATION: _("Your certificate expires on %(valid_until)s: %(organisation)s"),
        ProgrammeKind.RECOGNITION: _("Your recognition expires on %(valid_until)s: %(organisation)s"),
        ProgrammeKind.CHARTER: _("Your charter signature is in force until %(valid_until)s: %(organisation)s"),
        NEUTRAL: _("Award expires on %(valid_until)s: %(organisation)s"),
    },
    "mail_subject_expires_today": {
        ProgrammeKind.CERTIFICATION: _("Your certificate expires today: %(organisation)s"),
        ProgrammeKind.RECOGNITION: _("Your recognition expires today: %(organisation)s"),
        ProgrammeKind.CHARTER: _("Your charter signature is in force only today: %(organisation)s"),
        NEUTRAL: _("Award expires today: %(organisation)s"),
    },
    "mail_expiry": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate %(number)s of the programme %(programme)s is valid until %(valid_until)s."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition %(number)s of the programme %(programme)s is valid until %(valid_until)s."
        ),
        ProgrammeKind.CHARTER: _(
            "Your charter signature in the programme %(programme)s is in force until %(valid_until)s."
        ),
        NEUTRAL: _("The award %(number)s of the programme %(programme)s is valid until %(valid_until)s."),
    },
    "mail_expires_today": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate %(number)s of the programme %(programme)s is valid until today (%(valid_until)s)."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition %(number)s of the programme %(programme)s is valid until today (%(valid_until)s)."
        ),
        ProgrammeKind.CHARTER: _(
            "Your charter signature in the programme %(programme)s is in force only until today (%(valid_until)s)."
        ),
        NEUTRAL: _("The award %(number)s of the programme %(programme)s is valid until today (%(valid_until)s)."),
    },
    "mail_renewal_not_granted_today": {
        ProgrammeKind.CERTIFICATION: _(
            "It has not been granted yet, so the certificate still expires today; once the renewal is granted, you receive a new certificate with its own seal."
        ),
        ProgrammeKind.RECOGNITION: _(
            "It has not been granted yet, so the recognition still expires today; once the renewal is granted, you receive a new recognition with its own certificate and seal."
        ),
        ProgrammeKind.CHARTER: _(
            "It has not been confirmed yet, so your charter signature still ends today; once the renewal is confirmed, you receive a renewed signature with its own certificate and seal."
        ),
        NEUTRAL: _(
            "It has not been granted yet, so the award still ends today; once the renewal is granted, you receive a new award with its own certificate and seal."
        ),
    },
    "mail_renewal_unless_granted": {
        ProgrammeKind.CERTIFICATION: _(
            "Unless it is granted by %(date)s, the certificate expires on that day; once the renewal is granted, you receive a new certificate with its own seal."
        ),
        ProgrammeKind.RECOGNITION: _(
            "Unless it is granted by %(date)s, the recognition expires on that day; once the renewal is granted, you receive a new recognition with its own certificate and seal."
        ),
        ProgrammeKind.CHARTER: _(
            "Unless it is confirmed by %(date)s, your charter signature ends on that day; once the renewal is confirmed, you receive a renewed signature with its own certificate and seal."
        ),
        NEUTRAL: _(
            "Unless it is granted by %(date)s, the award ends on that day; once the renewal is granted, you receive a new award with its own certificate and seal."
        ),
    },
    # How to start the renewal (the cycle page's "Renew"). The ``_goals`` forms are for a cycle that
    # agreed goals (``Cycle.sets_goals``): its renewal carries over the goals not yet reached, with
    # their measures (``goals_carry_over``); a programme without a target agreement has none to carry.
    "mail_still_renew": {
        ProgrammeKind.CERTIFICATION: _(
            "You can still renew the certificate: on the cycle page, under “Renew”, choose “Start the next stage”. The new certificate follows when the renewal is granted; until then the certificate counts as expired."
        ),
        ProgrammeKind.RECOGNITION: _(
            "You can still renew the recognition: on the cycle page, under “Renew”, choose “Start the next stage”. The new recognition follows when the renewal is granted; until then the recognition counts as expired."
        ),
        ProgrammeKind.CHARTER: _(
            "You can still renew your charter signature: on the cycle page, under “Renew”, choose “Start the next stage”. The renewed signature follows when the renewal is confirmed; until then your signature is not in force."
        ),
        NEUTRAL: _(
            "You can still renew the award: on the cycle page, under “Renew”, choose “Start the next stage”. The new award follows when the renewal is granted; until then the award counts as expired."
        ),
    },
    "mail_still_renew_goals": {
        ProgrammeKind.CERTIFICATION: _(
            "You can still renew the certificate: on the cycle page, under “Renew”, choose “Start the next stage”. The goals not yet reached are carried over, with their measures. The new certificate follows when the renewal is granted; until then the certificate counts as expired."
        ),
        ProgrammeKind.RECOGNITION: _(
            "You can still renew the recognition: on the cycle page, under “Renew”, choose “Start the next stage”. The goals not yet reached are carried over, with their measures. The new recognition follows when the renewal is granted; until then the recognition counts as expired."
        ),
        ProgrammeKind.CHARTER: _(
            "You can still renew your charter signature: on the cycle page, under “Renew”, choose “Start the next stage”. The goals not yet reached are carried over, with their measures. The renewed signature follows when the renewal is confirmed; until then your signature is not in force."
        ),
        NEUTRAL: _(
            "You can still renew the award: on the cycle page, under “Renew”, choose “Start the next stage”. The goals not yet reached are carried over, with their measures. The new award follows when the renewal is granted; until then the award counts as expired."
        ),
    },
    "mail_keep_renew": {
        ProgrammeKind.CERTIFICATION: _(
            "To keep the certificate, start the renewal now: on the cycle page, under “Renew”, choose “Start the next stage”. If the renewal is granted by %(date)s, the new certificate follows without a gap."
        ),
        ProgrammeKind.RECOGNITION: _(
            "To keep the recognition, start the renewal now: on the cycle page, under “Renew”, choose “Start the next stage”. If the renewal is granted by %(date)s, the new recognition follows without a gap."
        ),
        ProgrammeKind.CHARTER: _(
            "To remain a signatory of the charter, start the renewal now: on the cycle page, under “Renew”, choose “Start the next stage”. If the renewal is confirmed by %(date)s, the renewed signature follows without a gap."
        ),
        NEUTRAL: _(
            "To keep the award, start the renewal now: on the cycle page, under “Renew”, choose “Start the next stage”. If the renewal is granted by %(date)s, the new award follows without a gap."
        ),
    },
    "mail_keep_renew_goals": {
        ProgrammeKind.CERTIFICATION: _(
            "To keep the certificate, start the renewal now: on the cycle page, under “Renew”, choose “Start the next stage”. The goals not yet reached are carried over, with their measures. If the renewal is granted by %(date)s, the new certificate follows without a gap."
        ),
        ProgrammeKind.RECOGNITION: _(
            "To keep the recognition, start the renewal now: on the cycle page, under “Renew”, choose “Start the next stage”. The goals not yet reached are carried over, with their measures. If the renewal is granted by %(date)s, the new recognition follows without a gap."
        ),
        ProgrammeKind.CHARTER: _(
            "To remain a signatory of the charter, start the renewal now: on the cycle page, under “Renew”, choose “Start the next stage”. The goals not yet reached are carried over, with their measures. If the renewal is confirmed by %(date)s, the renewed signature follows without a gap."
        ),
        NEUTRAL: _(
            "To keep the award, start the renewal now: on the cycle page, under “Renew”, choose “Start the next stage”. The goals not yet reached are carried over, with their measures. If the renewal is granted by %(date)s, the new award follows without a gap."
        ),
    },
    "mail_cannot_renew": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate cannot be renewed: the programme has not taken new applications since %(date)s."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition cannot be renewed: the programme has not taken new applications since %(date)s."
        ),
        ProgrammeKind.CHARTER: _(
            "Your charter signature cannot be renewed: the programme has not taken new applications since %(date)s."
        ),
        NEUTRAL: _("The award cannot be renewed: the programme has not taken new applications since %(date)s."),
    },
    "mail_no_renewal": {
        ProgrammeKind.CERTIFICATION: _(
            "The programme has no renewal for this certificate. To hold it again after it expires, apply to the programme anew:"
        ),
        ProgrammeKind.RECOGNITION: _(
            "The programme has no renewal for this recognition. To hold it again after it expires, apply to the programme anew:"
        ),
        ProgrammeKind.CHARTER: _(
            "The programme has no renewal for this charter signature. To be a signatory again after it ends, apply to the programme anew:"
        ),
        NEUTRAL: _(
            "The programme has no renewal for this award. To hold it again after it ends, apply to the programme anew:"
        ),
    },
    "mail_changes_tomorrow": {
        ProgrammeKind.CERTIFICATION: _(
            "What changes from tomorrow, %(date)s: the public verification page shows the certificate as expired, the seal on your website shows it as expired too (it updates itself), and the public directory no longer lists the certificate."
        ),
        ProgrammeKind.RECOGNITION: _(
            "What changes from tomorrow, %(date)s: the public verification page shows the recognition as expired, the seal on your website shows it as expired too (it updates itself), and the public directory no longer lists the recognition."
        ),
        ProgrammeKind.CHARTER: _(
            "What changes from tomorrow, %(date)s: the public verification page shows your charter signature as no longer in force, the seal on your website shows it too (it updates itself), and the public directory no longer lists you as a signatory."
        ),
        NEUTRAL: _(
            "What changes from tomorrow, %(date)s: the public verification page shows the award as expired, the seal on your website shows it as expired too (it updates itself), and the public directory no longer lists the award."
        ),
    },
    "mail_changes_unless": {
        ProgrammeKind.CERTIFICATION: _(
            "What changes on %(date)s unless the new certificate has been granted by then: the public verification page shows the certificate as expired, the seal on your website shows it as expired too (it updates itself), and the public directory no longer lists the certificate."
        ),
        ProgrammeKind.RECOGNITION: _(
            "What changes on %(date)s unless the new recognition has been granted by then: the public verification page shows the recognition as expired, the seal on your website shows it as expired too (it updates itself), and the public directory no longer lists the recognition."
        ),
        ProgrammeKind.CHARTER: _(
            "What changes on %(date)s unless the renewed signature has been confirmed by then: the public verification page shows your charter signature as no longer in force, the seal on your website shows it too (it updates itself), and the public directory no longer lists you as a signatory."
        ),
        NEUTRAL: _(
            "What changes on %(date)s unless the new award has been granted by then: the public verification page shows the award as expired, the seal on your website shows it as expired too (it updates itself), and the public directory no longer lists the award."
        ),
    },
    "mail_changes_on": {
        ProgrammeKind.CERTIFICATION: _(
            "What changes on %(date)s: the public verification page shows the certificate as expired, the seal on your website shows it as expired too (it updates itself), and the public directory no longer lists the certificate."
        ),
        ProgrammeKind.RECOGNITION: _(
            "What changes on %(date)s: the public verification page shows the recognition as expired, the seal on your website shows it as expired too (it updates itself), and the public directory no longer lists the recognition."
        ),
        ProgrammeKind.CHARTER: _(
            "What changes on %(date)s: the public verification page shows your charter signature as no longer in force, the seal on your website shows it too (it updates itself), and the public directory no longer lists you as a signatory."
        ),
        NEUTRAL: _(
            "What changes on %(date)s: the public verification page shows the award as expired, the seal on your website shows it as expired too (it updates itself), and the public directory no longer lists the award."
        ),
    },
    "mail_replace_new": {
        ProgrammeKind.CERTIFICATION: _(
            "Once the new certificate is granted, replace the seal and the certificate on your website with the new ones."
        ),
        ProgrammeKind.RECOGNITION: _(
            "Once the new recognition is granted, replace the seal and the certificate of recognition on your website with its new ones."
        ),
        ProgrammeKind.CHARTER: _(
            "Once the renewed signature is confirmed, replace the seal and the certificate on your website with its new ones."
        ),
        NEUTRAL: _(
            "Once the new award is granted, replace the seal and the certificate on your website with its new ones."
        ),
    },
    "mail_remove_then": {
        ProgrammeKind.CERTIFICATION: _("Then remove the seal and the certificate from your website."),
        ProgrammeKind.RECOGNITION: _("Then remove the seal and the certificate of recognition from your website."),
        ProgrammeKind.CHARTER: _(
            "Then remove the seal and the certificate of the charter signature from your website."
        ),
        NEUTRAL: _("Then remove the seal and the certificate from your website."),
    },
    "mail_renewed_valid_until": {
        ProgrammeKind.CERTIFICATION: _(
            "The current certificate %(number)s stays valid until %(date)s. When this stage is granted, the new certificate replaces it."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The current recognition %(number)s stays valid until %(date)s. When this stage is granted, the new recognition replaces it."
        ),
        ProgrammeKind.CHARTER: _(
            "The current charter signature, recorded under the number %(number)s, stays in force until %(date)s. When this stage is confirmed, the renewed signature replaces it."
        ),
        NEUTRAL: _(
            "The current award %(number)s stays valid until %(date)s. When this stage is granted, the new award replaces it."
        ),
    },
    "mail_renewed_valid": {
        ProgrammeKind.CERTIFICATION: _(
            "The current certificate %(number)s stays valid. When this stage is granted, the new certificate replaces it."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The current recognition %(number)s stays valid. When this stage is granted, the new recognition replaces it."
        ),
        ProgrammeKind.CHARTER: _(
            "The current charter signature, recorded under the number %(number)s, stays in force. When this stage is confirmed, the renewed signature replaces it."
        ),
        NEUTRAL: _("The current award %(number)s stays valid. When this stage is granted, the new award replaces it."),
    },
    "mail_renewed_keep_seal": {
        ProgrammeKind.CERTIFICATION: _(
            "Until then, keep its seal and the certificate on your website; once the new certificate is granted, you will receive it and its seal by mail to replace them."
        ),
        ProgrammeKind.RECOGNITION: _(
            "Until then, keep its seal and certificate on your website; once the new recognition is granted, you will receive its seal and certificate by mail to replace them."
        ),
        ProgrammeKind.CHARTER: _(
            "Until then, keep its seal and certificate on your website; once the renewed signature is confirmed, you will receive its seal and certificate by mail to replace them."
        ),
        NEUTRAL: _(
            "Until then, keep its seal and certificate on your website; once the new award is granted, you will receive its seal and certificate by mail to replace them."
        ),
    },
    "mail_renewed_earlier": {
        ProgrammeKind.CERTIFICATION: _(
            "The earlier certificate %(number)s is no longer valid. When this stage is granted, the new certificate replaces it."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The earlier recognition %(number)s is no longer valid. When this stage is granted, the new recognition replaces it."
        ),
        ProgrammeKind.CHARTER: _(
            "The earlier charter signature, recorded under the number %(number)s, is no longer in force. When this stage is confirmed, the renewed signature replaces it."
        ),
        NEUTRAL: _(
            "The earlier award %(number)s is no longer valid. When this stage is granted, the new award replaces it."
        ),
    },
    "mail_renewed_seal_invalid": {
        ProgrammeKind.CERTIFICATION: _(
            "Until then its seal on your website shows it as no longer valid; once the new certificate is granted, you will receive it and its seal by mail."
        ),
        ProgrammeKind.RECOGNITION: _(
            "Until then its seal on your website shows it as no longer valid; once the new recognition is granted, you will receive its seal and certificate by mail."
        ),
        ProgrammeKind.CHARTER: _(
            "Until then its seal on your website shows it as no longer in force; once the renewed signature is confirmed, you will receive its seal and certificate by mail."
        ),
        NEUTRAL: _(
            "Until then its seal on your website shows it as no longer valid; once the new award is granted, you will receive its seal and certificate by mail."
        ),
    },
    "mail_level": {
        ProgrammeKind.CERTIFICATION: _("Level of the certificate: %(level)s."),
        ProgrammeKind.RECOGNITION: _("Level of the recognition: %(level)s."),
        ProgrammeKind.CHARTER: _("Level of the charter signature: %(level)s."),
        NEUTRAL: _("Level: %(level)s."),
    },
    "mail_phase_reopened": {
        ProgrammeKind.CERTIFICATION: _(
            "The phase “%(phase)s” of the programme %(programme)s is open again for %(organisation)s: its result reached no level of the certificate, so it is done again. When it is done, the certificate follows from the new result."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The phase “%(phase)s” of the programme %(programme)s is open again for %(organisation)s: its result reached no level of the recognition, so it is done again. When it is done, the recognition follows from the new result."
        ),
        ProgrammeKind.CHARTER: _(
            "The phase “%(phase)s” of the programme %(programme)s is open again for %(organisation)s: its result reached no level of the charter signature, so it is done again. When it is done, the signature's level follows from the new result."
        ),
        NEUTRAL: _(
            "The phase “%(phase)s” of the programme %(programme)s is open again for %(organisation)s: its result reached no level of the award, so it is done again. When it is done, the award follows from the new result."
        ),
    },
}
