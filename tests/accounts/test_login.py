import pytest
from django.conf import settings
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_it_logs_in_with_email_and_password(client, coordinator):
    response = client.post("/de/accounts/login/", {"username": coordinator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/de/workspace/kreis-musterstadt/").status_code == 200


def test_it_shows_an_error_for_a_wrong_password(client, coordinator):
    response = client.post("/en/accounts/login/", {"username": coordinator.email, "password": "wrong"})
    assert response.status_code == 200
    assert "The e-mail address or the password is not right." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nl", "Het e-mailadres of het wachtwoord klopt niet. Controleer beide en probeer het opnieuw."),
        ("de", "Die E-Mail-Adresse oder das Passwort stimmt nicht. Prüfen Sie beides und versuchen Sie es erneut."),
    ],
)
def test_a_wrong_password_is_named_in_a_correct_sentence(client, coordinator, language, sentence):
    # Django's own sentence read "Voer een juiste e-mailadres en wachtwoord in" (het e-mailadres)
    # and called the address case-sensitive.
    response = client.post(f"/{language}/accounts/login/", {"username": coordinator.email, "password": "wrong"})
    page = response.content.decode()
    assert sentence in page
    assert "hoofdlettergevoelig" not in page and "Groß- und Kleinschreibung" not in page


def test_a_page_with_an_error_says_so_in_its_title(client, coordinator):
    # The title is read out first when the page loads again: the error is heard before the form.
    wrong = client.post("/en/accounts/login/", {"username": coordinator.email, "password": "wrong"})
    assert "<title>Error: Log in" in wrong.content.decode()
    assert "<title>Log in" in client.get("/en/accounts/login/").content.decode()
    reset = client.post("/en/accounts/password/reset/", {"email": "not an address"})
    assert "<title>Error: Reset your password" in reset.content.decode()


def test_it_locks_out_after_repeated_failures(client, coordinator):
    for _ in range(5):
        client.post("/en/accounts/login/", {"username": coordinator.email, "password": "wrong"})
    response = client.post("/en/accounts/login/", {"username": coordinator.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_logs_out_by_post(login, coordinator):
    client = login(coordinator)
    response = client.post("/de/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/de/workspace/").status_code == 302


def test_signing_out_says_so_on_the_next_page(login, coordinator):
    client = login(coordinator)
    page = client.post("/de/accounts/logout/", follow=True).content.decode()
    assert "Sie wurden abgemeldet." in page
    assert "abgemeldet" not in client.get("/de/").content.decode()  # once, not on every page after


def test_it_sends_the_password_reset_mail_in_the_users_language(client, viewer, django_capture_on_commit_callbacks):
    assert viewer.preferred_language == "nl"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password/reset/", {"email": viewer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [viewer.email]
    assert "wachtwoord" in message.subject.lower()
    assert "/nl/accounts/password/reset/" in message.body


def test_it_resets_the_password_through_the_link(client, viewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": viewer.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    assert link.startswith(settings.SITE_URL + "/")  # the configured address, not the request's Host
    path = link.strip().removeprefix(settings.SITE_URL)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"}
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.check_password("a new long passphrase")


def test_a_used_or_broken_reset_link_says_so_in_its_heading_and_offers_a_new_one(client, viewer):
    response = client.get("/en/accounts/password/reset/MQ/set-password/", follow=True)
    page = response.content.decode()
    assert "<h1>This link no longer works</h1>" in page
    assert "Choose a new password" not in page  # not the task the link can no longer do
    assert 'href="/en/accounts/password/reset/"' in page


def test_it_does_not_reveal_whether_an_address_has_an_account(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@test.example"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_it_changes_the_password(login, coordinator):
    client = login(coordinator)
    response = client.post(
        "/en/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("another long passphrase")


def test_it_stores_the_preferred_language(login, coordinator):
    client = login(coordinator)
    response = client.post("/de/accounts/", {"full_name": "Kim Koordination", "preferred_language": "nl"})
    assert response.status_code == 302
    assert response["Location"].startswith("/nl/")
    coordinator.refresh_from_db()
    assert coordinator.preferred_language == "nl"


def test_it_rejects_an_unknown_language_next_to_the_field(login, coordinator):
    client = login(coordinator)
    response = client.post("/en/accounts/", {"full_name": "Kim", "preferred_language": "xx"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.preferred_language == "de"
