// The interface in Chinese (zh_CN): menus, tabs, panel titles and column headers are
// translated, one unit symbol throughout, and a missing CJK font is said at start.

#include "MainWindow.h"
#include "models/VrrpGroupModel.h"
#include "widgets/PairView.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTranslator>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

class ChineseTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        m_locale = QLocale();
        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
        ASSERT_TRUE(m_translator.load(QLocale(), QStringLiteral("tandem"), QStringLiteral("_"),
                                      QStringLiteral(":/i18n")));
        QCoreApplication::installTranslator(&m_translator);
    }

    void TearDown() override
    {
        QCoreApplication::removeTranslator(&m_translator);
        QLocale::setDefault(m_locale); // the next test in this process gets the one it had
    }

    QTranslator m_translator;
    QLocale m_locale;
};

// A device that is not there: the view shows its panels all the same.
client::Endpoint nowhere(const QString& name)
{
    client::Endpoint e;
    e.name = name;
    e.host = QStringLiteral("127.0.0.1");
    e.port = 1;
    return e;
}

TEST_F(ChineseTest, MenusTabsPanelTitlesAndColumnHeadersAreChinese)
{
    MainWindow window(MainWindow::Session::Forget);
    QStringList menus;
    for (const QAction* menu : window.menuBar()->actions())
        menus.append(menu->text());
    EXPECT_EQ(menus, (QStringList{QStringLiteral("文件(&F)"), QStringLiteral("设备清单(&I)"),
                                  QStringLiteral("设备对(&P)"), QStringLiteral("视图(&V)"),
                                  QStringLiteral("帮助(&H)")}));

    PairView view(nowhere(QStringLiteral("CGN-A")), nowhere(QStringLiteral("CGN-B")));
    auto* tabs = view.findChild<QTabWidget*>();
    ASSERT_NE(tabs, nullptr);
    QStringList tabTexts;
    for (int i = 0; i < tabs->count(); ++i)
        tabTexts.append(tabs->tabText(i));
    EXPECT_EQ(tabTexts, (QStringList{QStringLiteral("概览(&D)"), QStringLiteral("倒换记录(&F)"),
                                     QStringLiteral("表项(&T)"), QStringLiteral("配置(&C)"),
                                     QStringLiteral("变更(&N)")}));
    QStringList titles;
    for (const QLabel* label : view.findChildren<QLabel*>())
        titles.append(label->text());
    for (const QGroupBox* box : view.findChildren<QGroupBox*>())
        titles.append(box->title());
    for (const QString& title :
         {QStringLiteral("各 HA 备份组的热备份"), QStringLiteral("HA 备份组"),
          QStringLiteral("VRRP 备份组"), QStringLiteral("备份通道与同步")})
        EXPECT_TRUE(titles.contains(title)) << title.toStdString();
    // No title mixes the two languages ("业务板位置（Service location）").
    for (const QString& title : titles)
        EXPECT_FALSE(title.contains(QStringLiteral("Service location"))) << title.toStdString();

    const VrrpGroupModel* vrrp = view.vrrpGroupModel();
    for (int column = 0; column < vrrp->columnCount(); ++column) {
        const QString header = vrrp->headerData(column, Qt::Horizontal).toString();
        // Names of the device's own display fields stay as `display vrrp` prints them.
        if (header.startsWith(QLatin1String("Priority")) || header.contains(QLatin1String("IP")) ||
            header == QLatin1String("VRID"))
            continue;
        EXPECT_TRUE(header.contains(QRegularExpression(QStringLiteral("[\\x{4e00}-\\x{9fff}]"))))
            << "column " << column << " '" << header.toStdString() << "'";
    }
    // One symbol for milliseconds.
    EXPECT_EQ(QCoreApplication::translate("tandem::gui::VrrpGroupModel", "%1 ms"),
              QStringLiteral("%1 ms"));
}

TEST_F(ChineseTest, SaysAtStartWhenNoChineseFontIsInstalled)
{
    MainWindow window(MainWindow::Session::Forget);
    const bool haveFont = !QFontDatabase::families(QFontDatabase::SimplifiedChinese).isEmpty();
    EXPECT_EQ(window.fontWarning().isEmpty(), haveFont) << window.fontWarning().toStdString();
    if (!haveFont) {
        EXPECT_TRUE(window.fontWarning().contains(QStringLiteral("fonts-noto-cjk")));
    }
}

} // namespace
} // namespace tandem::gui
