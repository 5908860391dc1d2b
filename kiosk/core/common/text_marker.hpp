// Marks a literal as user-visible text for xgettext without translating it here.
// `NC_("role", "text")` yields "text"; the role is the msgctxt and names the widget it is drawn in,
// so the layout test knows the box every translation must fit (docs/i18n.md).
#pragma once

#define NC_(role, text) text
