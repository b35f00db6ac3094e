"""What the pages call an award, after its programme's kind: a certificate, a recognition or a
charter signature each in its own words; the neutral "award" (its word in docs/glossary.md) only
where the kind is not known.

Whole sentences per kind, as the languages' genders and pronouns differ ("dieses Zertifikat …
es", "diese Anerkennung … sie"): a noun put into one shared sentence would not agree."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from vereinbar.programmes.models import ProgrammeKind

from .wording_mails import MAIL_WORDING, NEUTRAL

WORDING: dict[str, dict[str, Promise]] = {
    "verify_heading": {
        ProgrammeKind.CERTIFICATION: _("Verify a certificate"),
        ProgrammeKind.RECOGNITION: _("Verify a recognition"),
        ProgrammeKind.CHARTER: _("Verify a charter signature"),
        NEUTRAL: _("Verify an award"),
    },
    "superseded_on": {
        ProgrammeKind.CERTIFICATION: _(
            "This certificate was renewed: on %(date)s a newer certificate replaced it. It no longer counts on its own."
        ),
        ProgrammeKind.RECOGNITION: _(
            "This recognition was renewed: on %(date)s a newer recognition replaced it. It no longer counts on its own."
        ),
        ProgrammeKind.CHARTER: _(
            "This charter signature was renewed: on %(date)s a newer signature replaced it. It no longer counts on its own."
        ),
        NEUTRAL: _("This award was renewed: on %(date)s a newer award replaced it. It no longer counts on its own."),
    },
    "superseded": {
        ProgrammeKind.CERTIFICATION: _(
            "This certificate was renewed: a newer certificate replaced it. It no longer counts on its own."
        ),
        ProgrammeKind.RECOGNITION: _(
            "This recognition was renewed: a newer recognition replaced it. It no longer counts on its own."
        ),
        ProgrammeKind.CHARTER: _(
            "This charter signature was renewed: a newer signature replaced it. It no longer counts on its own."
        ),
        NEUTRAL: _("This award was renewed: a newer award replaced it. It no longer counts on its own."),
    },
    "expired_until": {
        ProgrammeKind.CERTIFICATION: _("This certificate was valid until %(date)s and has expired."),
        ProgrammeKind.RECOGNITION: _("This recognition was valid until %(date)s and has expired."),
        ProgrammeKind.CHARTER: _("This charter signature was valid until %(date)s and has expired."),
        NEUTRAL: _("This award was valid until %(date)s and has expired."),
    },
    "revoked_on": {
        ProgrammeKind.CERTIFICATION: _(
            "The programme operator revoked this certificate on %(date)s. It is no longer valid."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The programme operator revoked this recognition on %(date)s. It is no longer valid."
        ),
        ProgrammeKind.CHARTER: _(
            "The programme operator revoked this charter signature on %(date)s. It is no longer valid."
        ),
        NEUTRAL: _("The programme operator revoked this award on %(date)s. It is no longer valid."),
    },
    "revoked": {
        ProgrammeKind.CERTIFICATION: _("The programme operator revoked this certificate. It is no longer valid."),
        ProgrammeKind.RECOGNITION: _("The programme operator revoked this recognition. It is no longer valid."),
        ProgrammeKind.CHARTER: _("The programme operator revoked this charter signature. It is no longer valid."),
        NEUTRAL: _("The programme operator revoked this award. It is no longer valid."),
    },
    "successor_link": {
        ProgrammeKind.CERTIFICATION: _("Check the newer certificate"),
        ProgrammeKind.RECOGNITION: _("Check the newer recognition"),
        ProgrammeKind.CHARTER: _("Check the newer charter signature"),
        NEUTRAL: _("Check the newer award"),
    },
    "current_link": {
        ProgrammeKind.CERTIFICATION: _("Check the certificate the organisation holds now"),
        ProgrammeKind.RECOGNITION: _("Check the recognition the organisation holds now"),
        ProgrammeKind.CHARTER: _("Check the organisation's charter signature in force now"),
        NEUTRAL: _("Check the award the organisation holds now"),
    },
    "none_now": {
        ProgrammeKind.CERTIFICATION: _("The organisation holds no certificate in this programme at present."),
        ProgrammeKind.RECOGNITION: _("The organisation holds no recognition in this programme at present."),
        ProgrammeKind.CHARTER: _("The organisation has no charter signature in force in this programme at present."),
        NEUTRAL: _("The organisation holds no award in this programme at present."),
    },
    "credential_intro": {
        ProgrammeKind.CERTIFICATION: _(
            "The certificate as a digitally signed Open Badges 3.0 credential (W3C Verifiable Credential): anyone can check it with standard software, even without this platform."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The recognition as a digitally signed Open Badges 3.0 credential (W3C Verifiable Credential): anyone can check it with standard software, even without this platform."
        ),
        ProgrammeKind.CHARTER: _(
            "The charter signature as a digitally signed Open Badges 3.0 credential (W3C Verifiable Credential): anyone can check it with standard software, even without this platform."
        ),
        NEUTRAL: _(
            "The award as a digitally signed Open Badges 3.0 credential (W3C Verifiable Credential): anyone can check it with standard software, even without this platform."
        ),
    },
    "is_revoked": {
        ProgrammeKind.CERTIFICATION: _("This certificate is revoked."),
        ProgrammeKind.RECOGNITION: _("This recognition is revoked."),
        ProgrammeKind.CHARTER: _("This charter signature is revoked."),
        NEUTRAL: _("This award is revoked."),
    },
    "has_expired": {
        ProgrammeKind.CERTIFICATION: _("This certificate has expired."),
        ProgrammeKind.RECOGNITION: _("This recognition has expired."),
        ProgrammeKind.CHARTER: _("This charter signature has expired."),
        NEUTRAL: _("This award has expired."),
    },
    "was_replaced": {
        ProgrammeKind.CERTIFICATION: _("This certificate was replaced by a newer one."),
        ProgrammeKind.RECOGNITION: _("This recognition was replaced by a newer one."),
        ProgrammeKind.CHARTER: _("This charter signature was replaced by a newer one."),
        NEUTRAL: _("This award was replaced by a newer one."),
    },
    "no_baked_seal": {
        ProgrammeKind.CERTIFICATION: _(
            "No seal with the credential inside is offered: it is for a website, and this certificate no longer counts."
        ),
        ProgrammeKind.RECOGNITION: _(
            "No seal with the credential inside is offered: it is for a website, and this recognition no longer counts."
        ),
        ProgrammeKind.CHARTER: _(
            "No seal with the credential inside is offered: it is for a website, and this charter signature no longer counts."
        ),
        NEUTRAL: _(
            "No seal with the credential inside is offered: it is for a website, and this award no longer counts."
        ),
    },
    "check_status": {
        ProgrammeKind.CERTIFICATION: _("Check the certificate's current status"),
        ProgrammeKind.RECOGNITION: _("Check the recognition's current status"),
        ProgrammeKind.CHARTER: _("Check the charter signature's current status"),
        NEUTRAL: _("Check the award's current status"),
    },
    "heading": {
        ProgrammeKind.CERTIFICATION: _("Certificate"),
        ProgrammeKind.RECOGNITION: _("Recognition"),
        ProgrammeKind.CHARTER: _("Charter signature"),
        NEUTRAL: _("Award"),
    },
    "numbered": {
        ProgrammeKind.CERTIFICATION: _("Certificate %(number)s"),
        ProgrammeKind.RECOGNITION: _("Recognition %(number)s"),
        ProgrammeKind.CHARTER: _("Charter signature %(number)s"),
        NEUTRAL: _("Award %(number)s"),
    },
    "renewal_until": {
        ProgrammeKind.CERTIFICATION: _(
            "This certificate stays valid until %(date)s; when the renewal is granted, the new certificate replaces it and its seal takes over."
        ),
        ProgrammeKind.RECOGNITION: _(
            "This recognition stays valid until %(date)s; when the renewal is granted, the new recognition replaces it and its seal takes over."
        ),
        ProgrammeKind.CHARTER: _(
            "This charter signature stays valid until %(date)s; when the renewal is granted, the new signature replaces it and its seal takes over."
        ),
        NEUTRAL: _(
            "This award stays valid until %(date)s; when the renewal is granted, the new award replaces it and its certificate and seal take over."
        ),
    },
    "valid_today": {
        ProgrammeKind.CERTIFICATION: _(
            "This certificate is valid until today. From tomorrow the directory no longer lists it and its seal says “expired”."
        ),
        ProgrammeKind.RECOGNITION: _(
            "This recognition is valid until today. From tomorrow the directory no longer lists it and its seal says “expired”."
        ),
        ProgrammeKind.CHARTER: _(
            "This charter signature is valid until today. From tomorrow the directory no longer lists it and its seal says “expired”."
        ),
        NEUTRAL: _(
            "This award is valid until today. From tomorrow the directory no longer lists it and its seal says “expired”."
        ),
    },
    "expires_in": {
        ProgrammeKind.CERTIFICATION: ngettext_lazy(
            "This certificate expires on %(date)s, in %(days)s day.",
            "This certificate expires on %(date)s, in %(days)s days.",
            "days",
        ),
        ProgrammeKind.RECOGNITION: ngettext_lazy(
            "This recognition expires on %(date)s, in %(days)s day.",
            "This recognition expires on %(date)s, in %(days)s days.",
            "days",
        ),
        ProgrammeKind.CHARTER: ngettext_lazy(
            "This charter signature expires on %(date)s, in %(days)s day.",
            "This charter signature expires on %(date)s, in %(days)s days.",
            "days",
        ),
        NEUTRAL: ngettext_lazy(
            "This award expires on %(date)s, in %(days)s day.",
            "This award expires on %(date)s, in %(days)s days.",
            "days",
        ),
    },
    "keep_it": {
        ProgrammeKind.CERTIFICATION: _(
            "To keep the certificate, start the next stage in time: on the cycle page, under “Renew”. Until the renewal is granted, it stays valid up to its date."
        ),
        ProgrammeKind.RECOGNITION: _(
            "To keep the recognition, start the next stage in time: on the cycle page, under “Renew”. Until the renewal is granted, it stays valid up to its date."
        ),
        ProgrammeKind.CHARTER: _(
            "To keep the charter signature, start the next stage in time: on the cycle page, under “Renew”. Until the renewal is granted, it stays valid up to its date."
        ),
        NEUTRAL: _(
            "To keep it, start the next stage in time: on the cycle page, under “Renew”. Until the renewal is granted, this award stays valid up to its date."
        ),
    },
    "superseded_note": {
        ProgrammeKind.CERTIFICATION: _(
            "This certificate was renewed: the newer certificate replaces it. Use the new certificate and replace the seal on your website with the new seal; this one now says “replaced”."
        ),
        ProgrammeKind.RECOGNITION: _(
            "This recognition was renewed: the newer recognition replaces it. Use its certificate and replace the seal on your website with the new seal; this one now says “replaced”."
        ),
        ProgrammeKind.CHARTER: _(
            "This charter signature was renewed: the newer signature replaces it. Use its certificate and replace the seal on your website with the new seal; this one now says “replaced”."
        ),
        NEUTRAL: _(
            "This award was renewed: the newer award replaces it. Use the new certificate and replace the seal on your website with the new award's seal; this one now says “replaced”."
        ),
    },
    "expired_note": {
        ProgrammeKind.CERTIFICATION: _(
            "This certificate expired after %(date)s. Since the next day the directory no longer lists it, and your profile shows it as expired in its history. Remove the seal and the certificate from your website."
        ),
        ProgrammeKind.RECOGNITION: _(
            "This recognition expired after %(date)s. Since the next day the directory no longer lists it, and your profile shows it as expired in its history. Remove the seal and the certificate of recognition from your website."
        ),
        ProgrammeKind.CHARTER: _(
            "This charter signature expired after %(date)s. Since the next day the directory no longer lists it, and your profile shows it as expired in its history. Remove the seal and the certificate from your website."
        ),
        NEUTRAL: _(
            "This award expired after %(date)s. Since the next day the directory no longer lists it, and your profile shows it as expired in its history. Remove its seal and certificate from your website."
        ),
    },
    "again_renew": {
        ProgrammeKind.CERTIFICATION: _(
            "To hold the certificate again, start the next stage on the cycle page, under “Renew”."
        ),
        ProgrammeKind.RECOGNITION: _(
            "To hold the recognition again, start the next stage on the cycle page, under “Renew”."
        ),
        ProgrammeKind.CHARTER: _(
            "To be a signatory of the charter again, start the next stage on the cycle page, under “Renew”."
        ),
        NEUTRAL: _("To hold the award again, start the next stage on the cycle page, under “Renew”."),
    },
    "again_apply": {
        ProgrammeKind.CERTIFICATION: _("To hold the certificate again, apply to the programme anew."),
        ProgrammeKind.RECOGNITION: _("To hold the recognition again, apply to the programme anew."),
        ProgrammeKind.CHARTER: _("To be a signatory of the charter again, apply to the programme anew."),
        NEUTRAL: _("To hold the award again, apply to the programme anew."),
    },
    "revoked_note": {
        ProgrammeKind.CERTIFICATION: _(
            "The programme operator revoked this certificate on %(date)s. Its verification page and seal say so from that moment, and the directory no longer lists it."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The programme operator revoked this recognition on %(date)s. Its verification page and seal say so from that moment, and the directory no longer lists it."
        ),
        ProgrammeKind.CHARTER: _(
            "The programme operator revoked this charter signature on %(date)s. Its verification page and seal say so from that moment, and the directory no longer lists it."
        ),
        NEUTRAL: _(
            "The programme operator revoked this award on %(date)s. Its verification page and seal say so from that moment, and the directory no longer lists it."
        ),
    },
    "revoked_remove": {
        ProgrammeKind.CERTIFICATION: _(
            "Remove the seal and the certificate from your website. If you have questions about the revocation, ask the programme operator."
        ),
        ProgrammeKind.RECOGNITION: _(
            "Remove the seal and the certificate of this award from your website. If you have questions about the revocation, ask the programme operator."
        ),
        ProgrammeKind.CHARTER: _(
            "Remove the seal and the certificate of this award from your website. If you have questions about the revocation, ask the programme operator."
        ),
        NEUTRAL: _(
            "Remove the seal and the certificate of this award from your website. If you have questions about the revocation, ask the programme operator."
        ),
    },
    "hold_now": {
        ProgrammeKind.CERTIFICATION: _("The certificate you hold now: %(number)s"),
        ProgrammeKind.RECOGNITION: _("The recognition you hold now: %(number)s"),
        ProgrammeKind.CHARTER: _("Your charter signature in force now: %(number)s"),
        NEUTRAL: _("The award you hold now: %(number)s"),
    },
    "seal_explain": {
        ProgrammeKind.CERTIFICATION: _(
            "The seal always shows the certificate's current status: if the certificate expires or is revoked, the seal on your website says so. It links to the public verification page."
        ),
        ProgrammeKind.RECOGNITION: _(
            "The seal always shows the recognition's current status: if the recognition expires or is revoked, the seal on your website says so. It links to the public verification page."
        ),
        ProgrammeKind.CHARTER: _(
            "The seal always shows the current status of the charter signature: if it ends or is revoked, the seal on your website says so. It links to the public verification page."
        ),
        NEUTRAL: _(
            "The seal always shows the award's current status: if the award expires or is revoked, the seal on your website says so. It links to the public verification page."
        ),
    },
    "seal_not_offered": {
        ProgrammeKind.CERTIFICATION: _(
            "Seals already on websites show this status now. No code to put this seal on a website is offered: the certificate no longer counts."
        ),
        ProgrammeKind.RECOGNITION: _(
            "Seals already on websites show this status now. No code to put this seal on a website is offered: the recognition no longer counts."
        ),
        ProgrammeKind.CHARTER: _(
            "Seals already on websites show this status now. No code to put this seal on a website is offered: the charter signature no longer counts."
        ),
        NEUTRAL: _(
            "Seals already on websites show this status now. No code to put this seal on a website is offered: the award no longer counts."
        ),
    },
    "download": {
        ProgrammeKind.CERTIFICATION: _("Download the certificate (PDF)"),
        ProgrammeKind.RECOGNITION: _("Download the certificate of recognition (PDF)"),
        ProgrammeKind.CHARTER: _("Download the certificate of the charter signature (PDF)"),
        NEUTRAL: _("Download the certificate of the award (PDF)"),
    },
    "download_revoked": {
        ProgrammeKind.CERTIFICATION: _("Download the revoked certificate (PDF)"),
        ProgrammeKind.RECOGNITION: _("Download the revoked certificate of recognition (PDF)"),
        ProgrammeKind.CHARTER: _("Download the revoked certificate of the charter signature (PDF)"),
        NEUTRAL: _("Download the revoked certificate of the award (PDF)"),
    },
    "download_expired": {
        ProgrammeKind.CERTIFICATION: _("Download the expired certificate (PDF)"),
        ProgrammeKind.RECOGNITION: _("Download the expired certificate of recognition (PDF)"),
        ProgrammeKind.CHARTER: _("Download the expired certificate of the charter signature (PDF)"),
        NEUTRAL: _("Download the expired certificate of the award (PDF)"),
    },
    "download_replaced": {
        ProgrammeKind.CERTIFICATION: _("Download the replaced certificate (PDF)"),
        ProgrammeKind.RECOGNITION: _("Download the replaced certificate of recognition (PDF)"),
        ProgrammeKind.CHARTER: _("Download the replaced certificate of the charter signature (PDF)"),
        NEUTRAL: _("Download the replaced certificate of the award (PDF)"),
    },
    "check_valid_link": {
        ProgrammeKind.CERTIFICATION: _("Check whether this certificate is valid"),
        ProgrammeKind.RECOGNITION: _("Check whether this recognition is valid"),
        ProgrammeKind.CHARTER: _("Check whether this charter signature is valid"),
        NEUTRAL: _("Check whether this award is valid"),
    },
    "demo_not_real": {
        ProgrammeKind.CERTIFICATION: _(
            "This employer is made up: it shows what a verification looks like in the demo installation. The certificate is not real."
        ),
        ProgrammeKind.RECOGNITION: _(
            "This employer is made up: it shows what a verification looks like in the demo installation. The recognition is not real."
        ),
        ProgrammeKind.CHARTER: _(
            "This employer is made up: it shows what a verification looks like in the demo installation. The charter signature is not real."
        ),
        NEUTRAL: _(
            "This employer is made up: it shows what a verification looks like in the demo installation. The award is not real."
        ),
    },
    "none_current": {
        ProgrammeKind.CERTIFICATION: _("No current certificate"),
        ProgrammeKind.RECOGNITION: _("No current recognition"),
        ProgrammeKind.CHARTER: _("No charter signature in force"),
        NEUTRAL: _("No current award"),
    },
    # History entries (``activity``): "%(actor)s" and "%(object)s" (the award's number, or the
    # cycle's name) are filled in by the history when it is read.
    "history_issued": {
        ProgrammeKind.CERTIFICATION: _("%(actor)s issued the certificate no. %(object)s."),
        ProgrammeKind.RECOGNITION: _("%(actor)s granted the recognition no. %(object)s."),
        ProgrammeKind.CHARTER: _("%(actor)s recorded the charter signature no. %(object)s."),
        NEUTRAL: _("%(actor)s issued the award no. %(object)s."),
    },
    "history_revoked": {
        ProgrammeKind.CERTIFICATION: _("%(actor)s revoked the certificate no. %(object)s."),
        ProgrammeKind.RECOGNITION: _("%(actor)s revoked the recognition no. %(object)s."),
        ProgrammeKind.CHARTER: _("%(actor)s revoked the charter signature no. %(object)s."),
        NEUTRAL: _("%(actor)s revoked the award no. %(object)s."),
    },
    "history_expired": {
        ProgrammeKind.CERTIFICATION: _("The certificate no. %(object)s expired."),
        ProgrammeKind.RECOGNITION: _("The recognition no. %(object)s expired."),
        ProgrammeKind.CHARTER: _("The charter signature no. %(object)s ran out."),
        NEUTRAL: _("The award no. %(object)s expired."),
    },
    "history_superseded": {
        ProgrammeKind.CERTIFICATION: _("The certificate no. %(object)s was replaced by no. %(by)s."),
        ProgrammeKind.RECOGNITION: _("The recognition no. %(object)s was replaced by no. %(by)s."),
        ProgrammeKind.CHARTER: _(
            "The charter signature no. %(object)s was replaced by the renewed signature no. %(by)s."
        ),
        NEUTRAL: _("The award no. %(object)s was replaced by no. %(by)s."),
    },
    "history_granted": {
        ProgrammeKind.CERTIFICATION: _("%(actor)s granted the certificate for %(object)s."),
        ProgrammeKind.RECOGNITION: _("%(actor)s granted the recognition for %(object)s."),
        ProgrammeKind.CHARTER: _("%(actor)s confirmed the charter signature for %(object)s."),
        NEUTRAL: _("%(actor)s granted the award for %(object)s."),
    },
    # the label of the number in a decision's entry ("Certificate no.: 2026-00001")
    "history_label_number": {
        ProgrammeKind.CERTIFICATION: _("certificate no."),
        ProgrammeKind.RECOGNITION: _("recognition no."),
        ProgrammeKind.CHARTER: _("charter signature no."),
        NEUTRAL: _("award no."),
    },
    # the label of the level in an award's or a decision's entry
    "history_label_level": {
        ProgrammeKind.CERTIFICATION: _("level of the certificate"),
        ProgrammeKind.RECOGNITION: _("level of the recognition"),
        ProgrammeKind.CHARTER: _("level of the charter signature"),
        NEUTRAL: _("level"),
    },
    "history_refused": {
        ProgrammeKind.CERTIFICATION: _("%(actor)s refused the certificate for %(object)s."),
        ProgrammeKind.RECOGNITION: _("%(actor)s refused the recognition for %(object)s."),
        ProgrammeKind.CHARTER: _("%(actor)s did not confirm the charter signature for %(object)s."),
        NEUTRAL: _("%(actor)s refused the award for %(object)s."),
    },
    # the directory's filter and order on a programme's page ("Awarded since" where kinds mix)
    "awarded_since": {
        ProgrammeKind.CERTIFICATION: _("Certified since"),
        ProgrammeKind.RECOGNITION: _("Recognised since"),
        ProgrammeKind.CHARTER: _("Charter signed since"),
        NEUTRAL: _("Awarded since"),
    },
    "sort_recent": {
        ProgrammeKind.CERTIFICATION: _("Most recent certificate first"),
        ProgrammeKind.RECOGNITION: _("Most recent recognition first"),
        ProgrammeKind.CHARTER: _("Most recent charter signature first"),
        NEUTRAL: _("Most recent award first"),
    },
    # the button of the verification page that downloads the seal with the credential baked in
    "baked_seal_button": {
        ProgrammeKind.CERTIFICATION: _("Seal with the credential inside (SVG)"),
        ProgrammeKind.RECOGNITION: _("Seal with the credential inside (SVG)"),
        ProgrammeKind.CHARTER: _("Charter signature seal with the credential inside (SVG)"),
        NEUTRAL: _("Seal with the credential inside (SVG)"),
    },
    # a stage's award on the programme page, beside its heading (which names the kind)
    "stage_award_no_expiry": {
        ProgrammeKind.CERTIFICATION: _("Without expiry"),
        ProgrammeKind.RECOGNITION: _("Without expiry"),
        ProgrammeKind.CHARTER: _("Without end date"),
        NEUTRAL: _("Without expiry"),
    },
    "stage_granted_on": {
        ProgrammeKind.CERTIFICATION: _("Certificate issued when accepted"),
        ProgrammeKind.RECOGNITION: _("Recognition granted when accepted"),
        ProgrammeKind.CHARTER: _("Charter signature recorded when accepted"),
        NEUTRAL: _("Award granted when accepted"),
    },
    # the programme page (operator): the public directory of the programme's awarded employers
    "directory_listed": {
        ProgrammeKind.CERTIFICATION: _("Certified employers appear in it with:"),
        ProgrammeKind.RECOGNITION: _("Recognised employers appear in it with:"),
        ProgrammeKind.CHARTER: _("Employers who signed the charter appear in it with:"),
        NEUTRAL: _("Employers with an award appear in it with:"),
    },
    "directory_not_listed": {
        ProgrammeKind.CERTIFICATION: _("Certified employers are not listed in it."),
        ProgrammeKind.RECOGNITION: _("Recognised employers are not listed in it."),
        ProgrammeKind.CHARTER: _("Employers who signed the charter are not listed in it."),
        NEUTRAL: _("Employers with an award are not listed in it."),
    },
    "published_award": {
        ProgrammeKind.CERTIFICATION: _("Certificate"),
        ProgrammeKind.RECOGNITION: _("Recognition"),
        ProgrammeKind.CHARTER: _("Charter signature"),
        NEUTRAL: _("Award"),
    },
    "published_awarded_on": {
        ProgrammeKind.CERTIFICATION: _("Date of the certificate"),
        ProgrammeKind.RECOGNITION: _("Date of the recognition"),
        ProgrammeKind.CHARTER: _("Date of signing"),
        NEUTRAL: _("Date of the award"),
    },
    "published_first_awarded_on": {
        ProgrammeKind.CERTIFICATION: _("Date of the first certificate"),
        ProgrammeKind.RECOGNITION: _("Date of the first recognition"),
        ProgrammeKind.CHARTER: _("Date of the first signing"),
        NEUTRAL: _("Date of the first award"),
    },
    **MAIL_WORDING,
}


def award_wording(key: str, kind: str | None, **values: str | int) -> SafeString:
    """The sentence ``key`` for an award of ``kind`` (neutral for another or no kind) in the
    active language, with ``values`` escaped into its places; an int value also picks the
    plural form. Safe HTML, so that a value may be HTML itself (``award_number``)."""
    messages = WORDING[key]
    message = messages.get(kind or NEUTRAL, messages[NEUTRAL])
    numbers = {name: value for name, value in values.items() if isinstance(value, int)}
    texts = {name: str(value) for name, value in values.items() if name not in numbers}
    # the values that are not numbers stay as places, to be filled after escaping the sentence
    sentence = str(message % {**{name: f"%({name})s" for name in texts}, **numbers}) if values else str(message)
    if not texts:
        return mark_safe(conditional_escape(sentence))
    return mark_safe(conditional_escape(sentence) % {name: conditional_escape(value) for name, value in texts.items()})


def award_text(key: str, kind: str | None, **values: object) -> str:
    """The sentence ``key`` for an award of ``kind`` as plain text, for a plain-text mail:
    ``values`` go in as they are (a mail is not HTML, and "&" in a name stays "&")."""
    messages = WORDING[key]
    message = str(messages.get(kind or NEUTRAL, messages[NEUTRAL]))
    return message % {name: str(value) for name, value in values.items()} if values else message


def award_sentences(key: str) -> dict[str, Promise | str]:
    """Every kind's sentence ``key`` (untranslated, the neutral one under ``NEUTRAL``), for what
    fills in the sentence's places itself (the history: ``CertificatesConfig.ready``)."""
    return dict(WORDING[key])


def award_number(number: str) -> SafeString:
    """An award number as one word ("2026-00001" does not break at its hyphen)."""
    return format_html('<span class="award-number">{}</span>', number)
