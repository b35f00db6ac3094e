"""Accounts made before e-mail confirmation existed count as confirmed: their address gets a
verified allauth EmailAddress. Without one, allauth would later make an unconfirmed row for them
(and, among other things, refuse them a second factor). Careful: an address another account has
confirmed already is left alone (it may be confirmed by one account only), an existing row of the
account's own address is marked verified rather than duplicated, and an account that has a
primary address keeps it."""

from django.db import migrations


def existing_addresses_confirmed(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated, not always "default"
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    addresses = EmailAddress.objects.using(db)
    for user in User.objects.using(db).exclude(email="").only("pk", "email").iterator():
        email = user.email.lower()
        if addresses.filter(email__iexact=email, verified=True).exclude(user_id=user.pk).exists():
            continue
        own = addresses.filter(user_id=user.pk, email__iexact=email).first()
        if own is not None:
            if not own.verified:
                own.verified = True
                own.save(using=db, update_fields=["verified"])
            continue
        has_primary = addresses.filter(user_id=user.pk, primary=True).exists()
        addresses.create(user_id=user.pk, email=email, verified=True, primary=not has_primary)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_provider_scope"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(existing_addresses_confirmed, migrations.RunPython.noop)]
