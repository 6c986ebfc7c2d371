divert(-1)
dnl local-site.m4 - included by include-local.mc
define(`confMAX_MESSAGE_SIZE', `7340032')
define(`confPRIVACY_FLAGS', `goaway,noetrn')
FEATURE(`access_db')
divert(0)dnl
