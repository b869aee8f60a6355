#pragma once

// QScintilla's headers say `signals` and `slots`, which this project turns off
// (QT_NO_KEYWORDS): every use of QScintilla includes it through here.

#define slots Q_SLOTS
#define signals Q_SIGNALS
#include <Qsci/qscilexercustom.h>
#include <Qsci/qsciscintilla.h>
#undef signals
#undef slots
