import pytest

from accounts.roles import Role


@pytest.mark.django_db
def test_bare_domain_serves_the_province_landing_page_with_every_current_agency(client):
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    body = response.content.decode()
    for name in ["Sở Tư pháp", "Sở Y tế", "UBND xã Long Đức"]:
        assert name in body
    assert "http://so-tu-phap.localhost" in body


@pytest.mark.django_db
def test_agency_subdomain_serves_that_agency(tenant_client, agency_a, user_factory):
    user = user_factory(agency_a, Role.STAFF)
    response = tenant_client(agency_a, user).get("/")
    assert response.status_code == 200
    assert "Sở Tư pháp" in response.content.decode()


@pytest.mark.django_db
def test_unknown_subdomain_is_404(client):
    assert client.get("/", HTTP_HOST="khong-ton-tai.localhost").status_code == 404


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default_and_english_on_request(tenant_client, agency_a):
    client = tenant_client(agency_a)
    # a browser that announces English still gets Vietnamese: only the switch changes the language
    assert "Đăng nhập" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    english = client.get("/login/").content.decode()
    assert "Log in" in english and "Đăng nhập" not in english


@pytest.mark.django_db
def test_member_of_one_agency_cannot_log_in_to_another(tenant_client, agency_a, agency_b, user_factory):
    from tests.factories import PASSWORD

    user = user_factory(agency_a, Role.ISO_SECRETARY)
    response = tenant_client(agency_b).post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in tenant_client(agency_b).session
    ok = tenant_client(agency_a).post("/login/", {"username": user.username, "password": PASSWORD})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_session_of_another_agency_member_is_refused_on_pages(tenant_client, agency_a, agency_b, user_factory):
    outsider = user_factory(agency_b, Role.AGENCY_ADMIN)
    response = tenant_client(agency_a, outsider).get("/documents/")
    assert response.status_code == 403
