#include <QApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    // ctest runs the tests of this binary as parallel processes: one settings file each.
    QApplication::setOrganizationName(QStringLiteral("Tandem"));
    QApplication::setApplicationName(
        QStringLiteral("tandem-test-app-%1").arg(QCoreApplication::applicationPid()));
    ::testing::InitGoogleTest(&argc, argv);
    const int result = RUN_ALL_TESTS();
    QFile::remove(QSettings().fileName());
    return result;
}
