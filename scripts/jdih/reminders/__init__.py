"""Pengingat: reminders of the SOP's norm times, sent before anyone is late (``jdih ingatkan``).

``config`` reads the policy (``sop/pengingat.yml``), ``plan`` decides what is due (pure), ``message``
words it; sending goes through the one delivery engine, exactly once per key.
"""
