from django.db import models

from thb.core.encryption import EncryptedTextField
from thb.core.models import BaseModel


class SecretNote(BaseModel):
    title = models.CharField(max_length=100)
    identity = EncryptedTextField(blank=True)
    narrative = EncryptedTextField(blank=True, null=True)
