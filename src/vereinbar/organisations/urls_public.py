"""Public pages of the organisations app: self-registration of a new employer."""

app_name = "register"

urlpatterns: list = []
