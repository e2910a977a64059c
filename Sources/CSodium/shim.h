#ifndef MDME_CSODIUM_SHIM_H
#define MDME_CSODIUM_SHIM_H
#include <sodium.h>
#endif
