"""Outward channels: social platforms, WhatsApp gateways, e-mail, webhooks, the local outbox."""
