/*
 * version - the release of mta-harden
 */
#ifndef MH_VERSION_H
#define MH_VERSION_H

#define MH_VERSION	"0.1.0"

#endif
