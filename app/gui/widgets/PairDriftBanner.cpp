#include "widgets/PairDriftBanner.h"

#include "config/ConfigParser.h"
#include "config/PairCheck.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace tandem::gui {

PairDriftBanner::PairDriftBanner(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("pairDriftBanner"));
    setFrameShape(QFrame::StyledPanel);
    // The palette's own warning colours would be lost in a dark theme: a border and an icon.
    setStyleSheet(QStringLiteral("#pairDriftBanner { border: 2px solid #d9822b; border-radius: 4px; }"));
    auto* icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(32, 32));
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_editor = new QPushButton(tr("Open in &Editor"), this);
    m_wizard = new QPushButton(tr("Repair with the &Wizard…"), this);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_editor, 0, Qt::AlignTop);
    layout->addWidget(m_wizard, 0, Qt::AlignTop);
    connect(m_editor, &QPushButton::clicked, this, [this] {
        if (m_findings.empty())
            return;
        const config::Finding& first = m_findings.front();
        Q_EMIT openEditorRequested(first.side == config::Side::A ? 0 : 1, first.where.line);
    });
    connect(m_wizard, &QPushButton::clicked, this, &PairDriftBanner::repairRequested);
    hide();
}

void PairDriftBanner::check(const QString& textA, const QString& textB,
                            const std::array<QString, 2>& names)
{
    ++m_checks;
    m_findings.clear();
    const QByteArray utf8[2] = {textA.toUtf8(), textB.toUtf8()};
    config::ParseResult parsed[2];
    for (int side = 0; side < 2; ++side)
        parsed[side] = config::parseConfig(
            std::string_view(utf8[side].constData(), std::size_t(utf8[side].size())),
            {.maskedSecrets = true});
    QStringList lines;
    if (!parsed[0].ok() || !parsed[1].ok()) {
        for (int side = 0; side < 2; ++side)
            for (const config::ConfigError& e : parsed[side].errors) {
                m_findings.push_back(
                    config::toFinding(e, side == 0 ? config::Side::A : config::Side::B));
                lines.append(tr("%1 line %2: %3")
                                 .arg(names[std::size_t(side)])
                                 .arg(e.where.line)
                                 .arg(QString::fromStdString(e.message)));
            }
    } else if (parsed[0].config.hotBackupEnabled || parsed[1].config.hotBackupEnabled) {
        // A pair with no hot backup on either side is not an HA pair yet: nothing drifted.
        for (const config::Finding& f : config::pairCheck(parsed[0].config, parsed[1].config)) {
            if (f.severity != config::Severity::Error)
                continue;
            m_findings.push_back(f);
            const int side = f.side == config::Side::A ? 0 : 1;
            lines.append(f.where.line > 0 ? tr("%1 line %2: %3")
                                                .arg(names[std::size_t(side)])
                                                .arg(f.where.line)
                                                .arg(QString::fromStdString(f.message))
                                          : tr("%1: %2")
                                                .arg(names[std::size_t(side)],
                                                     QString::fromStdString(f.message)));
        }
    }
    if (m_findings.empty()) {
        hide();
        return;
    }
    const int more = int(lines.size()) - kShownFindings;
    if (more > 0) {
        lines = lines.mid(0, kShownFindings);
        lines.append(tr("… and %n more", nullptr, more));
    }
    m_text->setText(tr("The running configurations of %1 and %2 no longer pass the pair check "
                       "(one was changed on its own):")
                        .arg(names[0], names[1]) +
                    QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
    show();
}

} // namespace tandem::gui
