# airlock rule test sample. Never executed by tests; the payload sits in a function
# that is never called, and uses only documentation IPs / .invalid hosts.
# spells "curl "
CMD = chr(99) + chr(117) + chr(114) + chr(108) + chr(32)
