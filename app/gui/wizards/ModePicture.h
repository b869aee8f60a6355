#pragma once

// The picture of a pair mode on the mode page: two devices as boxes, each service-location's
// master filled and its backup outlined, the backup channel between them.

#include "config/PairCheck.h"

#include <QPixmap>

namespace tandem::gui {

QPixmap modePicture(config::PairMode mode, const QPalette& palette, qreal devicePixelRatio);

} // namespace tandem::gui
