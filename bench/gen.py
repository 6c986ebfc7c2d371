#!/usr/bin/env python3
"""gen.py - large, realistic, reproducible inputs for `make bench`

usage: python3 bench/gen.py [--seed N] [--access N] [--aliases N]
                            [--params N] [--trees N]
                            [--scale N,N,...] OUTDIR

Writes below OUTDIR (created; an existing OUTDIR is replaced):

  access/etc/mail/{sendmail.mc,access}   --access lines of access map:
        Connect:, From:, To: and bare keys (IPv4 and IPv6 addresses and
        networks, host and domain names, addresses), actions OK, RELAY,
        REJECT, DISCARD, SKIP, ERROR:"5.7.1:550 ..." and "### text"
        comments every few hundred lines; keys are unique (makemap
        refuses duplicates), so postmap and makemap build the same map
  aliases/etc/mail/{sendmail.mc,aliases} --aliases aliases, one in eight
        a list continued over indented lines, some "|program", /file and
        :include: targets
  postfix/etc/postfix/{main.cf,master.cf} --params parameters: the usual
        ones, long restriction lists spread over continuation lines, and
        restriction classes with their own parameters
  sendmail/etc/mail/{sendmail.mc,sendmail.cf,access,aliases}: an .mc with
        the features a large site uses and a .cf of the size m4 makes
        from such an .mc (the bundled one, with class and map lines)
  trees/NNNNN/etc/{postfix,mail}/...     --trees small trees, Postfix and
        sendmail mixed
  scale/access-N/etc/mail/access         one access map per --scale size

Deterministic: the same seed and sizes give the same bytes on every
machine (a private splitmix64 generator, no Python `random`).
"""

import argparse
import os
import shutil
import sys

MASK = (1 << 64) - 1


class Rng:
    """splitmix64: small, fast, the same everywhere"""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def pick(self, seq):
        return seq[self.next() % len(seq)]

    def chance(self, percent):
        return self.next() % 100 < percent


SYLLABLES = ["al", "an", "ar", "be", "bo", "ca", "de", "di", "el", "en",
             "fa", "ga", "ha", "in", "jo", "ka", "la", "li", "ma", "mi",
             "na", "no", "or", "pa", "ra", "ri", "sa", "se", "ta", "to",
             "ul", "va", "we", "xi", "yo", "za"]
TLDS = ["com", "net", "org", "de", "fr", "nl", "co.uk", "example", "io",
        "info", "biz", "ru", "cn", "br", "jp"]
FIRST = ["alice", "bob", "carol", "dave", "erin", "frank", "grace",
         "heidi", "ivan", "judy", "mallory", "oscar", "peggy", "trent",
         "victor", "walter", "sales", "billing", "support", "news", "info"]


def word(r, lo=2, hi=4):
    return "".join(r.pick(SYLLABLES) for _ in range(lo + r.below(hi - lo + 1)))


def domain(r):
    if r.chance(30):
        return "%s.%s.%s" % (word(r, 1, 2), word(r), r.pick(TLDS))
    return "%s.%s" % (word(r), r.pick(TLDS))


def ipv4(r, octets=4):
    first = r.pick([10, 23, 45, 62, 81, 91, 104, 141, 172, 185, 192, 203,
                    212])
    rest = [str(r.below(256)) for _ in range(octets - 1)]
    return ".".join([str(first)] + rest)


def ipv6(r, i):
    # uncompressed, as sendmail writes client addresses
    return "IPv6:2001:db8:%x:%x:0:0:0:%x" % (i >> 16, i & 0xffff,
                                              r.below(65536))


# RELAY only for recipients: a client or sender allowed to relay from
# anywhere is what the linter rightly calls an open relay
ACTIONS = ["OK", "REJECT", "REJECT", "REJECT", "REJECT", "DISCARD", "SKIP"]
ERRORS = ['ERROR:"5.7.1:550 Access denied"',
          'ERROR:"5.7.1:550 Mail from your network is refused"',
          'ERROR:"4.7.1:450 Try again later"',
          'ERROR:5.7.1:"550 Spam source, see https://www.example.org/policy"']


OCTETS = [23, 37, 45, 62, 81, 91, 104, 141, 146, 172, 185, 193, 203, 212,
          217, 223]


def access_key(r, i):
    """a unique key: the counter i (below 2^20 for networks) is in it"""
    kind = r.below(100)
    if kind < 35:
        if r.chance(40) and i < (1 << 20):
            return "Connect:%d.%d.%d" % (OCTETS[i >> 16], (i >> 8) & 255,
                                         i & 255)
        return "Connect:%d.%d.%d.%d" % (r.pick(OCTETS), (i >> 16) & 255,
                                        (i >> 8) & 255, i & 255)
    if kind < 45:
        return "Connect:%s" % unique_host(r, i)
    if kind < 50:
        return "Connect:%s" % ipv6(r, i)
    if kind < 75:
        return "From:%s%d@%s" % (r.pick(FIRST), i, domain(r))
    if kind < 85:
        return "From:%s" % unique_host(r, i)
    if kind < 92:
        return "To:%s%d@%s" % (r.pick(FIRST), i, domain(r))
    if kind < 96:
        return "Spam:%s%d@%s" % (r.pick(FIRST), i, domain(r))
    return unique_host(r, i)


def unique_host(r, i):
    return "%s%d.%s" % (word(r, 1, 2), i, domain(r))


def access_value(r, key):
    if key.startswith("To:"):
        return r.pick(["RELAY", "OK", "REJECT", "RELAY"])
    if key.startswith("Spam:"):
        return r.pick(["FRIEND", "HATER"])
    if r.chance(8):
        return r.pick(ERRORS)
    return r.pick(ACTIONS)


def gen_access(r, path, n):
    with open(path, "w") as f:
        f.write("# access map: makemap hash /etc/mail/access "
                "< /etc/mail/access\n")
        lines = 1
        i = 0
        while lines < n:
            if i % 500 == 0 and lines + 1 < n:
                f.write("# block %d: imported from the abuse desk\n" % i)
                lines += 1
            key = access_key(r, i)
            sep = "\t" if r.chance(70) else "\t\t"
            f.write("%s%s%s\n" % (key, sep, access_value(r, key)))
            lines += 1
            i += 1


SM_MC = """divert(-1)dnl
# %s
divert(0)dnl
include(`/usr/share/sendmail/cf/m4/cf.m4')dnl
VERSIONID(`bench')dnl
OSTYPE(`debian')dnl
define(`confPRIVACY_FLAGS', `goaway,noetrn,noreceipts,restrictmailq,restrictqrun')dnl
define(`confSMTP_LOGIN_MSG', `$j')dnl
define(`confMAX_MESSAGE_SIZE', `26214400')dnl
define(`confMAX_RCPTS_PER_MESSAGE', `100')dnl
define(`confLOG_LEVEL', `9')dnl
define(`ALIAS_FILE', `/etc/mail/aliases')dnl
FEATURE(`access_db')dnl
FEATURE(`use_cw_file')dnl
MAILER_DEFINITIONS
MAILER(`local')dnl
MAILER(`smtp')dnl
"""


def gen_aliases(r, path, n):
    with open(path, "w") as f:
        f.write("# /etc/mail/aliases\n"
                "mailer-daemon: postmaster\npostmaster: root\n"
                "abuse: postmaster\nroot: admin@example.org\n")
        for i in range(n - 4):
            name = "%s.%s%d" % (r.pick(FIRST), word(r, 1, 3), i)
            if i % 1000 == 0:
                f.write("# department %d\n" % (i // 1000))
            kind = r.below(100)
            if kind < 12:
                members = ["%s%d@%s" % (r.pick(FIRST), r.below(100000),
                                        domain(r)) for _ in range(3 + r.below(10))]
                f.write("%s: %s,\n" % (name, ", ".join(members[:2])))
                rest = members[2:]
                for k in range(0, len(rest), 3):
                    tail = "," if k + 3 < len(rest) else ""
                    f.write("\t%s%s\n" % (", ".join(rest[k:k + 3]), tail))
            elif kind < 14:
                f.write('%s: "|/usr/local/bin/ticket --queue %s"\n'
                        % (name, word(r)))
            elif kind < 15:
                f.write("%s: /var/spool/archive/%s\n" % (name, word(r)))
            elif kind < 17:
                f.write("%s: :include:/etc/mail/lists/%s\n" % (name, word(r)))
            elif kind < 60:
                f.write("%s: %s%d\n" % (name, r.pick(FIRST), r.below(100000)))
            else:
                f.write("%s: %s@%s\n" % (name, word(r), domain(r)))


PF_BASE = """# main.cf of a large gateway
compatibility_level = 3.6
myhostname = mx1.example.org
mydomain = example.org
myorigin = $mydomain
mydestination = $myhostname, localhost.$mydomain, localhost
inet_interfaces = all
mynetworks = 127.0.0.0/8 [::1]/128
smtpd_banner = $myhostname ESMTP
disable_vrfy_command = yes
smtpd_helo_required = yes
message_size_limit = 26214400
alias_maps = hash:/etc/aliases
smtpd_tls_security_level = may
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_cert_file = /etc/ssl/certs/mx1.pem
smtpd_tls_key_file = /etc/ssl/private/mx1.key
"""

RESTRICTIONS = ["reject_non_fqdn_sender", "reject_unknown_sender_domain",
                "reject_non_fqdn_recipient", "reject_unauth_pipelining",
                "reject_unknown_recipient_domain", "permit_mynetworks",
                "permit_sasl_authenticated", "reject_invalid_helo_hostname",
                "reject_non_fqdn_helo_hostname"]


def gen_main_cf(r, path, n):
    base = PF_BASE.count("\n") - 1
    classes = ["class_%s_%d" % (word(r, 1, 2), k) for k in range(n // 20)]
    with open(path, "w") as f:
        f.write(PF_BASE)
        f.write("smtpd_restriction_classes = %s\n" % ", ".join(classes))
        count = base + 1
        for c in classes:
            items = [r.pick(RESTRICTIONS) for _ in range(4 + r.below(8))]
            items.append("check_client_access cidr:/etc/postfix/%s.cidr" % c)
            f.write("%s =\n    %s\n" % (c, ",\n    ".join(items)))
            count += 1
        items = [r.pick(RESTRICTIONS) for _ in range(30)]
        items += ["reject_rbl_client %s" % domain(r) for _ in range(20)]
        items.append("reject_unauth_destination")
        for p in ("smtpd_recipient_restrictions", "smtpd_relay_restrictions"):
            f.write("%s =\n    %s\n" % (p, ",\n    ".join(items)))
            count += 1
        k = 0
        while count < n:
            f.write("site_%s_%d = %s\n" % (word(r, 1, 2), k,
                                           r.pick(["yes", "no", "$myhostname",
                                                   str(r.below(100000)),
                                                   domain(r)])))
            k += 1
            count += 1


MASTER_CF = """smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
pickup    unix  n       -       y       60      1       pickup
cleanup   unix  n       -       y       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       y       -       -       trivial-rewrite
bounce    unix  -       -       y       -       0       bounce
defer     unix  -       -       y       -       0       bounce
smtp      unix  -       -       y       -       -       smtp
local     unix  -       n       n       -       -       local
"""


def gen_tree(r, root, i):
    if i % 3 == 2:
        d = os.path.join(root, "etc", "mail")
        os.makedirs(d)
        with open(os.path.join(d, "sendmail.mc"), "w") as f:
            f.write(SM_MC % ("host %d" % i))
        with open(os.path.join(d, "access"), "w") as f:
            for k in range(2 + r.below(6)):
                key = access_key(r, k)
                f.write("%s\t%s\n" % (key, access_value(r, key)))
        with open(os.path.join(d, "aliases"), "w") as f:
            f.write("postmaster: root\nroot: admin%d@example.org\n" % i)
        return
    d = os.path.join(root, "etc", "postfix")
    os.makedirs(d)
    with open(os.path.join(d, "main.cf"), "w") as f:
        f.write("myhostname = mx%d.%s\n" % (i, domain(r)))
        f.write("mynetworks = 127.0.0.0/8 %s.0/24\n" % ipv4(r, 3))
        f.write("smtpd_relay_restrictions = permit_mynetworks, "
                "reject_unauth_destination\n")
        if r.chance(50):
            f.write("disable_vrfy_command = yes\n")
        if r.chance(50):
            f.write("smtpd_tls_security_level = may\n")
        f.write("message_size_limit = %d\n" % (10240000 * (1 + r.below(5))))
        f.write("alias_maps = hash:/etc/aliases\n")
    with open(os.path.join(d, "master.cf"), "w") as f:
        f.write(MASTER_CF)
    with open(os.path.join(root, "etc", "aliases"), "w") as f:
        f.write("postmaster: root\nroot: admin%d@example.org\n" % i)


def gen_sendmail(r, top, src_dir):
    """a realistic sendmail tree: the bundled .mc and .cf, grown"""
    d = os.path.join(top, "etc", "mail")
    os.makedirs(d)
    with open(os.path.join(src_dir, "sendmail.cf")) as f:
        cf = f.read()
    with open(os.path.join(src_dir, "sendmail.mc")) as f:
        mc = f.read()
    extra_mc = []
    for k in range(40):
        extra_mc.append("LOCAL_CONFIG\nCw%s\n" % domain(r))
    with open(os.path.join(d, "sendmail.mc"), "w") as f:
        f.write(mc + "".join(extra_mc))
    # a site .cf: the m4 output with its class and map lines of a big site
    lines = ["Cw%s\n" % domain(r) for _ in range(500)]
    lines += ["Kvirt%d hash -o /etc/mail/virt%d\n" % (k, k) for k in range(50)]
    with open(os.path.join(d, "sendmail.cf"), "w") as f:
        f.write(cf + "".join(lines))
    gen_access(r, os.path.join(d, "access"), 2000)
    gen_aliases(r, os.path.join(d, "aliases"), 1000)


def main():
    ap = argparse.ArgumentParser(description="inputs for make bench")
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--access", type=int, default=1000000)
    ap.add_argument("--aliases", type=int, default=200000)
    ap.add_argument("--params", type=int, default=2000)
    ap.add_argument("--trees", type=int, default=10000)
    ap.add_argument("--scale", default="10000,30000,100000,300000,1000000")
    ap.add_argument("outdir")
    a = ap.parse_args()
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = a.outdir
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)

    r = Rng(a.seed)
    d = os.path.join(out, "access", "etc", "mail")
    os.makedirs(d)
    with open(os.path.join(d, "sendmail.mc"), "w") as f:
        f.write(SM_MC % "access map host")
    gen_access(r, os.path.join(d, "access"), a.access)

    r = Rng(a.seed + 1)
    d = os.path.join(out, "aliases", "etc", "mail")
    os.makedirs(d)
    with open(os.path.join(d, "sendmail.mc"), "w") as f:
        f.write(SM_MC % "aliases host")
    gen_aliases(r, os.path.join(d, "aliases"), a.aliases)

    r = Rng(a.seed + 2)
    d = os.path.join(out, "postfix", "etc", "postfix")
    os.makedirs(d)
    gen_main_cf(r, os.path.join(d, "main.cf"), a.params)
    with open(os.path.join(d, "master.cf"), "w") as f:
        f.write(MASTER_CF)

    r = Rng(a.seed + 3)
    gen_sendmail(r, os.path.join(out, "sendmail"),
                 os.path.join(top, "examples", "sendmail-insecure", "etc",
                              "mail"))

    r = Rng(a.seed + 4)
    for i in range(a.trees):
        gen_tree(r, os.path.join(out, "trees", "%05d" % i), i)

    for n in [int(x) for x in a.scale.split(",") if x]:
        r = Rng(a.seed + 5)
        d = os.path.join(out, "scale", "access-%d" % n, "etc", "mail")
        os.makedirs(d)
        gen_access(r, os.path.join(d, "access"), n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
