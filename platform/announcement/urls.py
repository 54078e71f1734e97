app_name = "announcement"
urlpatterns: list = []
