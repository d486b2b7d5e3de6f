from django.urls import path

from dragoman.conversations import views

app_name = "conversations"

urlpatterns = [
    path("conversations/", views.conversation_list, name="list"),
    path("conversations/invitations/", views.invitations, name="invitations"),
    path("conversations/tags/", views.tags, name="tags"),
    path("conversations/<int:conversation_id>/", views.conversation_detail, name="detail"),
    path("conversations/<int:conversation_id>/send", views.send, name="send"),
    path("conversations/<int:conversation_id>/invite", views.invite, name="invite"),
    path("conversations/<int:conversation_id>/join", views.join, name="join"),
    path("conversations/<int:conversation_id>/proposals", views.proposal_new, name="proposal_new"),
    path(
        "conversations/<int:conversation_id>/proposals/<int:proposal_id>/<str:action>",
        views.proposal_act,
        name="proposal_act",
    ),
    path("conversations/<int:conversation_id>/decline", views.decline, name="decline"),
    path("conversations/<int:conversation_id>/block", views.block, name="block"),
    path("conversations/<int:conversation_id>/tags", views.tag_toggle, name="tag_toggle"),
    path(
        "conversations/<int:conversation_id>/files/<int:attachment_id>",
        views.attachment,
        name="attachment",
    ),
    path(
        "conversations/<int:conversation_id>/files/<int:attachment_id>/thumbnail",
        views.thumbnail,
        name="thumbnail",
    ),
    path("providers/", views.provider_list, name="providers"),
    path("providers/me/", views.provider_edit, name="provider_edit"),
    path("providers/<int:provider_id>/", views.provider_detail, name="provider_detail"),
]
