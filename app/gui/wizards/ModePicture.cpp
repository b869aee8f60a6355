#include "ModePicture.h"

#include "utils/ColorUtils.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPalette>

namespace tandem::gui {

QPixmap modePicture(config::PairMode mode, const QPalette& palette, qreal devicePixelRatio)
{
    const QSize size(220, 86);
    QPixmap pixmap(size * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette.color(QPalette::WindowText);
    const QColor master = ColorUtils::foreground(ColorUtils::Tone::Active);
    const QColor backup = ColorUtils::foreground(ColorUtils::Tone::Standby);
    const QRect devices[2] = {QRect(4, 4, 84, 78), QRect(132, 4, 84, 78)};
    for (int side = 0; side < 2; ++side) {
        p.setPen(QPen(text, 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(devices[side], 6, 6);
        p.drawText(devices[side].adjusted(0, 4, 0, 0), Qt::AlignHCenter | Qt::AlignTop,
                   side == 0 ? QStringLiteral("A") : QStringLiteral("B"));
        const int locations = mode == config::PairMode::OneToOne ? 1 : 2;
        for (int l = 0; l < locations; ++l) {
            const bool isMaster = mode == config::PairMode::OneToOne ? side == 0 : side == l;
            const QRect slot(devices[side].left() + 10, devices[side].top() + 24 + l * 26, 64, 20);
            p.setPen(QPen(isMaster ? master : backup, 1.5));
            p.setBrush(isMaster ? QBrush(master) : QBrush(Qt::NoBrush));
            p.drawRect(slot);
            p.setPen(isMaster ? palette.color(QPalette::Base) : text);
            p.drawText(slot, Qt::AlignCenter,
                       QStringLiteral("SL %1 %2").arg(l + 1).arg(
                           isMaster ? QCoreApplication::translate("ModePicture", "M")
                                    : QCoreApplication::translate("ModePicture", "B")));
        }
    }
    p.setPen(QPen(text, 1.5, Qt::DashLine));
    p.drawLine(devices[0].right(), devices[0].center().y(), devices[1].left(),
               devices[1].center().y());
    return pixmap;
}

} // namespace tandem::gui
