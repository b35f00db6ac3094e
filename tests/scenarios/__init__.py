"""End-to-end scenarios: the real histories of the five seed organisations, replayed from the
demo file through the services, and what they leave behind (awards, measures, cycles, the
history page), also as time moves on."""
