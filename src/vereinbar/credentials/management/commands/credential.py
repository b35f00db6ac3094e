"""``vereinbar credential …``: issue credentials, rotate issuers' keys, export DID documents and
status lists, and verify a credential file offline. See docs/credentials.md."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from vereinbar.certificates.models import Award
from vereinbar.organisations.models import Organisation

from ...did import did_document, did_of
from ...keys import KeyUnavailable, key_rotate, keys_of, keys_reencrypt, multibase_public_key
from ...models import IssuerKey, StatusList
from ...services import credential_issue, credentials_issue_all, status_list_credential, status_list_url
from ...verify import credential_verify


def _read_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"{path}: cannot read it as JSON ({error})") from error


class Command(BaseCommand):
    help = "Verifiable credentials of awards: issue, rotate keys, export, verify (offline)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        issue = commands.add_parser("issue", help="Issue the credentials of awards that have none yet.")
        issue.add_argument("number", nargs="?", help="Only this award (its number); default: all.")
        rotate = commands.add_parser(
            "rotate", help="Make a new signing key; the old one stays in the DID document for verification."
        )
        who = rotate.add_mutually_exclusive_group(required=True)
        who.add_argument("--operator", help="The operator's short name (slug).")
        who.add_argument("--platform", action="store_true", help="The platform's own key.")
        commands.add_parser("keys", help="List the issuers' keys.")
        commands.add_parser(
            "reencrypt",
            help="Encrypt the issuers' keys under the current secret, after a change of it "
            "(the earlier secret in VEREINBAR_SECRET_KEY_FALLBACKS); the keys themselves stay.",
        )
        export = commands.add_parser(
            "export", help="Write every issuer's DID document and status lists to a folder, for offline checks."
        )
        export.add_argument("folder")
        verify = commands.add_parser("verify", help="Check a credential file offline; exit status 1 if refused.")
        verify.add_argument("file")
        verify.add_argument("--did", action="append", default=[], help="A DID document file (repeatable).")
        verify.add_argument("--status", action="append", default=[], help="A status list file (repeatable).")
        verify.add_argument(
            "--here",
            action="store_true",
            help="Take DID documents and status lists from this installation's database instead.",
        )
        verify.add_argument("--at", help="Check as of this date and time (ISO 8601); default: now.")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        try:
            getattr(self, f"_{options['action']}")(options)
        except KeyUnavailable as error:
            raise CommandError(
                f"The signing key {error} cannot be decrypted: the installation secret changed since it was made. "
                "Put the earlier secret into VEREINBAR_SECRET_KEY_FALLBACKS and run `credential reencrypt`, "
                "or make a new key with `credential rotate` (docs/deployment.md, Rotating the secret key)."
            ) from error

    def _reencrypt(self, options: dict[str, Any]) -> None:
        done, unavailable = keys_reencrypt()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {done} key(s) under the current secret."))
        for key in unavailable:
            self.stdout.write(
                self.style.WARNING(
                    f"{key}: no secret given opens it; put the earlier secret into VEREINBAR_SECRET_KEY_FALLBACKS "
                    "or make a new key with `credential rotate`."
                )
            )

    def _issue(self, options: dict[str, Any]) -> None:
        if options["number"]:
            award = Award.objects.filter(number=options["number"]).first()
            if award is None:
                raise CommandError(f"No award has the number {options['number']}.")
            issued = credential_issue(award)
            self.stdout.write(f"{award.number}: {issued.document['id']}")
            return
        count = credentials_issue_all()
        self.stdout.write(self.style.SUCCESS(f"Issued {count} credential(s)."))

    def _rotate(self, options: dict[str, Any]) -> None:
        owner = None
        if options["operator"]:
            owner = Organisation.objects.filter(slug=options["operator"]).first()
            if owner is None:
                raise CommandError(f"No organisation has the short name {options['operator']}.")
        key = key_rotate(owner)
        self.stdout.write(self.style.SUCCESS(f"New key {did_of(owner)}#{key.fragment}; older keys still verify."))

    def _keys(self, options: dict[str, Any]) -> None:
        owners = {key.owner for key in IssuerKey.objects.select_related("owner")}
        for owner in sorted(owners, key=lambda o: o.slug if o else ""):
            for key in keys_of(owner):
                state = f"retired {key.retired_at:%Y-%m-%d}" if key.retired_at else "signing"
                self.stdout.write(
                    f"{did_of(owner)}#{key.fragment}  {multibase_public_key(bytes(key.public_key))}  {state}"
                )

    def _export(self, options: dict[str, Any]) -> None:
        folder = Path(options["folder"])
        folder.mkdir(parents=True, exist_ok=True)
        owners = {key.owner for key in IssuerKey.objects.select_related("owner")}
        for owner in owners:
            name = owner.slug if owner else "platform"
            (folder / f"{name}.did.json").write_text(json.dumps(did_document(owner), indent=2), encoding="utf-8")
        for status_list in StatusList.objects.select_related("owner"):
            name = f"{status_list.owner.slug if status_list.owner else 'platform'}.status-{status_list.number}.json"
            (folder / name).write_text(json.dumps(status_list_credential(status_list), indent=2), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Written to {folder}."))

    def _verify(self, options: dict[str, Any]) -> None:
        credential = _read_json(options["file"])
        did_documents: dict[str, Any] = {}
        status_lists: dict[str, Any] = {}
        for path in options["did"]:
            document = _read_json(path)
            did_documents[str(document.get("id"))] = document
        for path in options["status"]:
            document = _read_json(path)
            status_lists[str(document.get("id"))] = document
        if options["here"]:
            for owner in {key.owner for key in IssuerKey.objects.select_related("owner")}:
                did_documents[did_of(owner)] = did_document(owner)
            for status_list in StatusList.objects.select_related("owner"):
                status_lists[status_list_url(status_list)] = status_list_credential(status_list)
        now = None
        if options["at"]:
            try:
                now = datetime.fromisoformat(options["at"].replace("Z", "+00:00"))
            except ValueError as error:
                raise CommandError(f"--at: not an ISO 8601 date and time ({error})") from error
            if now.tzinfo is None:
                raise CommandError("--at: give a time zone, e.g. 2026-01-01T00:00:00Z")
        result = credential_verify(credential, did_documents=did_documents, status_lists=status_lists, now=now)
        self.stdout.write(f"Issuer:      {result.issuer}")
        self.stdout.write(f"Subject:     {result.subject}")
        self.stdout.write(f"Achievement: {result.achievement}")
        self.stdout.write(f"Valid:       {result.valid_from} – {result.valid_until or 'open-ended'}")
        for note in result.notes:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))
        if not result.valid:
            raise CommandError("REFUSED: " + " ".join(result.reasons))
        if result.notes:  # something was not checked: say only what was
            self.stdout.write(
                self.style.SUCCESS("VALID as far as checked: signature and validity check out (see the note above).")
            )
        else:
            self.stdout.write(self.style.SUCCESS("VALID: signature, validity and status check out."))
