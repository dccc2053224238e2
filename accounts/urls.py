from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("org/", views.org, name="org"),
    path("org/new/", views.org_create, name="org_create"),
    path("org/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("org/<int:pk>/deactivate/", views.org_deactivate, name="org_deactivate"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/grants/new/", views.grant_add, name="grant_add"),
    path("users/<int:pk>/grants/<int:grant_pk>/end/", views.grant_end, name="grant_end"),
    path("service-accounts/", views.service_accounts, name="service_accounts"),
    path("service-accounts/new/", views.service_account_create, name="service_account_create"),
    path("users/<int:pk>/tokens/new/", views.token_create, name="token_create"),
    path("users/<int:pk>/tokens/<int:token_pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("policies/", views.policy_list, name="policies"),
    path("policies/<str:key>/", views.policy_edit, name="policy_edit"),
    path("policies/<str:key>/reset/", views.policy_reset, name="policy_reset"),
    path("me/", views.me, name="me"),
    path("me/two-step/", views.otp_setup, name="otp_setup"),
    path("me/two-step/off/", views.otp_disable, name="otp_disable"),
    path("me/two-step/backup-codes/", views.otp_backup_codes, name="otp_backup_codes"),
    path("sign-in/code/", views.otp_verify, name="otp_verify"),
    path("users/<int:pk>/two-step/reset/", views.otp_reset, name="otp_reset"),
]
