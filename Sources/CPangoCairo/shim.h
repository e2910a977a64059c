#ifndef MDME_CPANGOCAIRO_SHIM_H
#define MDME_CPANGOCAIRO_SHIM_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

/// PANGO_SCALE is a macro: Pango units per point.
static inline int mdme_pango_scale(void) { return PANGO_SCALE; }

/// g_object_unref takes a gpointer; this keeps the cast on the C side.
static inline void mdme_pango_layout_free(PangoLayout *layout) { g_object_unref(layout); }

#endif
