"""The multilingual hotline (action point P10): contacts from every channel, anonymous web reports with
receipts and two-way follow-up, the operator console, language routing and the public site."""
