"""Signing in staff: Django's ModelBackend, loading the user's preferences with the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """Every request reads the user once; its preferences (the desk's language) come in the
    same query, so choosing a language costs no query of its own."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("preferences").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
