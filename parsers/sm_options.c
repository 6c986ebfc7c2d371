/*
 * sm_options - the option table of the sendmail 8.17.1.9 binary
 *
 * The table is OptionTab[] of sendmail/readcf.c in the sendmail 8.17.1.9
 * source (repository deepin-community/sendmail, commit 2b5b7ee1,
 * sendmail/version.c: Version[] = "8.17.1.9"), in its order, with the
 * entries the Debian binary (sendmail-bin 8.17.1.9-2+deb12u2) is built
 * with: every name was set in a .cf and read back with
 * `sendmail -C file.cf -bt -d37.1` (tests/corpus/sendmail-cf/
 * all-options.cf). Left out because that build lacks them (readcf:
 * "unknown option name"): DontLockFilesForRead, MaxForwardEntries,
 * RefuseLowMem, QueueLowMem, MemoryResource, MessageAccept,
 * CheckQueueRunners, EightBitAddrOK, AddrTypeModes, BadRcptThrottleDelay,
 * InetQoS, FIPSMode, BounceQueue, AddBcc, NameServer, DANE,
 * NameSearchList, Hacks, KeepBcc, ClientCACertFile, ClientCACertPath
 * (the _FFR_, DNSSEC_TEST and DANE ones); RemoteMode is Solaris only.
 *
 * The order matters: readcf's setoption() walks the table and takes the
 * first entry a name is a case-insensitive prefix of, unless a second
 * one follows (ambiguous) that is not an exact match.
 *
 * Defaults are what the binary sets before it reads the .cf: setdefaults()
 * in sendmail/conf.c, inittimeouts(NULL) in readcf.c (Timeout.*), main.c
 * for SmtpGreetingMessage and UnixFromLine, the limits in conf.h
 * (MAXHDRSLEN 32768, MAXLINE 2048, MAXNOOPCOMMANDS 20) and zero for the
 * numeric options that setdefaults leaves alone (0 = no limit). Options
 * whose default depends on the host have none here: QueueLA and RefuseLA
 * (8 and 12 times the number of online CPUs), DefaultUser (the first of
 * the users mailnull, sendmail, daemon that exists, else 1:1).
 */
#include <string.h>
#include <strings.h>

#include "parsers/sm_cf.h"

/* sm_option - one OptionTab entry */
struct sm_option {
	const char *name;	/* "" for 'g' and 'M', which have no long name */
	int	 code;		/* legacy one-character name, or 0 */
	const char *def;	/* binary default, or NULL */
};

static const struct sm_option options[] = {
	{ "SevenBitInput", '7', "False" },
	{ "EightBitMode", '8', "pass8" },
	{ "AliasFile", 'A', NULL },
	{ "AliasWait", 'a', NULL },
	{ "BlankSub", 'B', " " },
	{ "MinFreeBlocks", 'b', NULL },
	{ "CheckpointInterval", 'C', "10" },
	{ "HoldExpensive", 'c', "False" },
	{ "DeliveryMode", 'd', "background" },
	{ "ErrorHeader", 'E', NULL },
	{ "ErrorMode", 'e', "print" },
	{ "TempFileMode", 'F', "0600" },
	{ "SaveFromLine", 'f', "False" },
	{ "MatchGECOS", 'G', "False" },
	{ "", 'g', NULL },		/* default gid: no long name */
	{ "HelpFile", 'H', NULL },
	{ "MaxHopCount", 'h', "25" },
	{ "ResolverOptions", 'I', NULL },
	{ "IgnoreDots", 'i', "False" },
	{ "ForwardPath", 'J', NULL },
	{ "SendMimeErrors", 'j', "True" },
	{ "ConnectionCacheSize", 'k', "1" },
	{ "ConnectionCacheTimeout", 'K', "5m" },
	{ "UseErrorsTo", 'l', "False" },
	{ "LogLevel", 'L', "9" },
	{ "MeToo", 'm', "True" },
	{ "", 'M', NULL },		/* define a macro: no long name */
	{ "CheckAliases", 'n', "False" },
	{ "OldStyleHeaders", 'o', "False" },
	{ "DaemonPortOptions", 'O', "Name=MTA" },
	{ "PrivacyOptions", 'p', "public" },
	{ "PostmasterCopy", 'P', NULL },
	{ "QueueFactor", 'q', "600000" },
	{ "QueueDirectory", 'Q', NULL },
	{ "DontPruneRoutes", 'R', "False" },
	{ "Timeout", 'r', NULL },
	{ "StatusFile", 'S', NULL },
	{ "SuperSafe", 's', "True" },
	{ "QueueTimeout", 'T', "5d" },
	{ "TimeZoneSpec", 't', NULL },
	{ "UserDatabaseSpec", 'U', NULL },
	{ "DefaultUser", 'u', NULL },
	{ "FallbackMXhost", 'V', NULL },
	{ "Verbose", 'v', "False" },
	{ "TryNullMXList", 'w', "False" },
	{ "QueueLA", 'x', NULL },
	{ "RefuseLA", 'X', NULL },
	{ "RecipientFactor", 'y', "30000" },
	{ "ForkEachJob", 'Y', "False" },
	{ "ClassFactor", 'z', "1800" },
	{ "RetryFactor", 'Z', "90000" },
	{ "QueueSortOrder", 0, "priority" },
	{ "HostsFile", 0, "/etc/hosts" },
	{ "MinQueueAge", 0, "0" },
	{ "DefaultCharSet", 0, NULL },
	{ "ServiceSwitchFile", 0, "/etc/mail/service.switch" },
	{ "DialDelay", 0, "0" },
	{ "NoRecipientAction", 0, "none" },
	{ "SafeFileEnvironment", 0, NULL },
	{ "MaxMessageSize", 0, "0" },
	/* True in the binary, but a V line of level 6 or more clears it */
	{ "ColonOkInAddr", 0, "False" },
	{ "MaxQueueRunSize", 0, "0" },
	{ "MaxDaemonChildren", 0, "0" },
	{ "DontExpandCnames", 0, "False" },
	{ "MustQuoteChars", 0, "@,;:\\()[].'" },
	{ "SmtpGreetingMessage", 0, "$j Sendmail $v ready at $b" },
	{ "UnixFromLine", 0, "From $g  $d" },
	{ "OperatorChars", 0, NULL },
	{ "DontInitGroups", 0, "False" },
	{ "SingleLineFromHeader", 0, "False" },
	{ "AllowBogusHELO", 0, "False" },
	{ "ConnectionRateThrottle", 0, "0" },
	{ "UnsafeGroupWrites", 0, "True" },
	{ "DoubleBounceAddress", 0, "postmaster" },
	{ "HostStatusDirectory", 0, NULL },
	{ "SingleThreadDelivery", 0, "False" },
	{ "RunAsUser", 0, NULL },
	{ "RrtImpliesDsn", 0, "False" },
	/* _PATH_SENDMAILPID of the Debian build (upstream: /var/run/sendmail.pid) */
	{ "PidFile", 0, "/var/run/sendmail/mta/sendmail.pid" },
	{ "DontBlameSendmail", 0, "safe" },
	{ "DontProbeInterfaces", 0, "False" },
	{ "MaxRecipientsPerMessage", 0, "0" },
	{ "DeadLetterDrop", 0, NULL },
	{ "MaxAliasRecursion", 0, "10" },
	{ "ConnectOnlyTo", 0, NULL },
	{ "TrustedUser", 0, "root" },
	{ "MaxMimeHeaderLength", 0, "2048/1024" },
	{ "ControlSocketName", 0, NULL },
	{ "MaxHeadersLength", 0, "32768" },
	{ "ProcessTitlePrefix", 0, NULL },
	{ "DefaultAuthInfo", 0, NULL },
	{ "AuthMechanisms", 0, "EXTERNAL GSSAPI KERBEROS_V4 DIGEST-MD5 CRAM-MD5" },
	{ "ClientPortOptions", 0, NULL },
	{ "DataFileBufferSize", 0, "4096" },
	{ "XscriptFileBufferSize", 0, "4096" },
	{ "LDAPDefaultSpec", 0, NULL },
	{ "ServerCertFile", 0, NULL },
	{ "ServerKeyFile", 0, NULL },
	{ "ClientCertFile", 0, NULL },
	{ "ClientKeyFile", 0, NULL },
	{ "CACertFile", 0, NULL },
	{ "CACertPath", 0, NULL },
	{ "DHParameters", 0, NULL },
	{ "InputMailFilters", 0, NULL },
	{ "Milter", 0, NULL },
	{ "AuthOptions", 0, NULL },
	{ "QueueFileMode", 0, "0600" },
	{ "CertFingerprintAlgorithm", 0, "md5" },
	{ "CipherList", 0, NULL },
	{ "RandFile", 0, NULL },
	{ "TLSSrvOptions", 0, NULL },
	{ "BadRcptThrottle", 0, "0" },
	{ "DeliverByMin", 0, "0" },
	{ "MaxQueueChildren", 0, "0" },
	{ "MaxRunnersPerQueue", 0, "1" },
	{ "DirectSubmissionModifiers", 0, NULL },
	{ "NiceQueueRun", 0, "0" },
	{ "SharedMemoryKey", 0, "0" },
	{ "AuthMaxBits", 0, "2147483647" },
	{ "MailboxDatabase", 0, NULL },
	{ "UseMSP", 0, "False" },
	{ "DelayLA", 0, "0" },
	{ "FastSplit", 0, "1" },
	{ "SoftBounce", 0, "False" },
	{ "SharedMemoryKeyFile", 0, NULL },
	{ "RejectLogInterval", 0, "3h" },
	{ "RequiresDirfsync", 0, NULL },
	{ "ConnectionRateWindowSize", 0, "60s" },
	{ "CRLFile", 0, NULL },
	{ "FallbackSmartHost", 0, NULL },
	{ "AuthRealm", 0, NULL },
	{ "CRLPath", 0, NULL },
	{ "HeloName", 0, NULL },
	{ "MaxNOOPCommands", 0, "20" },
	{ "BadRcptShutdown", 0, "0" },
	{ "BadRcptShutdownGood", 0, "0" },
	{ "ServerSSLOptions", 0, "+SSL_OP_ALL -SSL_OP_TLSEXT_PADDING" },
	{ "ClientSSLOptions", 0, "+SSL_OP_ALL +SSL_OP_NO_SSLv2 "
	    "+SSL_OP_NO_TICKET -SSL_OP_TLSEXT_PADDING" },
	{ "MaxQueueAge", 0, "0" },
	{ "RejectNUL", 0, "False" },
	{ "UseCompressedIPv6Addresses", 0, "False" },
	{ "SSLEngine", 0, NULL },
	{ "SSLEnginePath", 0, NULL },
	{ "TLSFallbacktoClear", 0, NULL },
	{ "SetCertAltnames", 0, "False" },
	{ "SmtpUTF8", 0, "False" },
	{ "StrictTransportSecurity", 0, "False" },
	{ "CipherSuites", 0, NULL },
};

#define NOPTIONS	(sizeof(options) / sizeof(options[0]))

/*
 * Timeout.* defaults: inittimeouts(NULL) and setdefaults() (queuereturn,
 * hoststatus); the build has IDENTPROTO (ident 5s), SASL and STARTTLS.
 */
static const struct {
	const char *name;
	const char *def;
} timeouts[] = {
	{ "Timeout.aconnect", "0s" },
	{ "Timeout.auth", "10m" },
	{ "Timeout.command", "1h" },
	{ "Timeout.connect", "0s" },
	{ "Timeout.control", "2m" },
	{ "Timeout.datablock", "1h" },
	{ "Timeout.datafinal", "1h" },
	{ "Timeout.datainit", "5m" },
	{ "Timeout.fileopen", "60s" },
	{ "Timeout.helo", "5m" },
	{ "Timeout.hoststatus", "30m" },
	{ "Timeout.iconnect", "0s" },
	{ "Timeout.ident", "5s" },
	{ "Timeout.initial", "5m" },
	{ "Timeout.lhlo", "2m" },
	{ "Timeout.mail", "10m" },
	{ "Timeout.misc", "2m" },
	{ "Timeout.queuereturn", "5d" },
	{ "Timeout.queuereturn.dsn", "5d" },
	{ "Timeout.queuereturn.non-urgent", "5d" },
	{ "Timeout.queuereturn.normal", "5d" },
	{ "Timeout.queuereturn.urgent", "5d" },
	{ "Timeout.quit", "2m" },
	{ "Timeout.rcpt", "1h" },
	{ "Timeout.rset", "5m" },
	{ "Timeout.starttls", "1h" },
};

/* find_code - the entry of a legacy one-character name, or NULL */
static const struct sm_option *
find_code(int c)
{
	size_t i;

	for (i = 0; i < NOPTIONS; i++) {
		if (options[i].code == c)
			return &options[i];
	}
	return NULL;
}

/* prefix_match - setoption()'s long-name search, table order and all */
static const struct sm_option *
prefix_match(const char *name, size_t len, bool *ambiguous)
{
	const struct sm_option *sel = NULL;
	size_t i;

	*ambiguous = false;
	for (i = 0; i < NOPTIONS; i++) {
		const char *o = options[i].name;

		if (strlen(o) < len || strncasecmp(o, name, len) != 0)
			continue;
		if (strlen(o) == len)
			return &options[i];	/* completely specified */
		if (sel != NULL) {
			*ambiguous = true;
			return NULL;
		}
		sel = &options[i];
	}
	return sel;
}

/*
 * sm_option_canon - NAME, a prefix of it, NAME.SUB (matched by NAME, as
 * setoption() splits at the first '.'), or one byte without a '.': the
 * legacy name, case-sensitive ("p" is PrivacyOptions, "P"
 * PostmasterCopy). A one-character long name ("O v=...") is passed as
 * "v." to be matched as a prefix. 'g' and 'M' have no long name: NULL.
 */
const char *
sm_option_canon(const char *name, size_t len, bool *ambiguous)
{
	const struct sm_option *o;
	const char *dot = memchr(name, '.', len);
	bool amb = false;

	if (len == 1 && (unsigned char)name[0] < 0x80)
		o = find_code((unsigned char)name[0]);
	else
		o = prefix_match(name, dot != NULL ? (size_t)(dot - name) :
		    len, &amb);
	if (ambiguous != NULL)
		*ambiguous = amb;
	if (o == NULL || o->name[0] == '\0')
		return NULL;
	return o->name;
}

/* sm_option_short - the legacy one-character name of an option, or 0 */
char
sm_option_short(const char *canonical)
{
	size_t i;

	for (i = 0; i < NOPTIONS; i++) {
		if (options[i].name[0] != '\0' &&
		    strcmp(options[i].name, canonical) == 0)
			return (char)options[i].code;
	}
	return 0;
}

/* sm_option_default - the binary's default, or NULL (see the table) */
const char *
sm_option_default(const char *canonical)
{
	size_t i;

	if (strncmp(canonical, "Timeout.", 8) == 0) {
		for (i = 0; i < sizeof(timeouts) / sizeof(timeouts[0]); i++) {
			if (strcasecmp(timeouts[i].name + 8, canonical + 8) == 0)
				return timeouts[i].def;
		}
		return NULL;
	}
	for (i = 0; i < NOPTIONS; i++) {
		if (options[i].name[0] != '\0' &&
		    strcmp(options[i].name, canonical) == 0)
			return options[i].def;
	}
	return NULL;
}
