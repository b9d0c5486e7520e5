; Inno Setup script: a per-user Windows installer of the PyInstaller one-folder build.
; Build on Windows (Inno Setup 6):
;   python installer\bootstrap.py setup
;   .venv\Scripts\python -m pip install pyinstaller==6.22.3
;   .venv\Scripts\python -m PyInstaller installer\planledger.spec --noconfirm --distpath build\dist
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\planledger.iss
; Output: build\规划台账-0.1.0-安装程序.exe

#define AppName "规划台账"
#define AppVersion "0.1.0"
#define AppExe "planledger.exe"

[Setup]
AppId={{6C1B9E52-4E0B-4F8E-9B7A-3F2D6A1C0E11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=规划台账
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} 安装程序
VersionInfoProductName={#AppName} PlanLedger
; per user, no administrator rights: installs under %LOCALAPPDATA%\Programs
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\PlanLedger
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\build
OutputBaseFilename={#AppName}-{#AppVersion}-安装程序
SetupIconFile=..\resources\icons\planledger.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
ShowLanguageDialog=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[Files]
Source: "..\build\dist\planledger\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "立即运行{#AppName}"; Flags: nowait postinstall skipifsilent

[Code]
{ The user's data (database, backups, evidence files) lives in %APPDATA%\PlanLedger, never in the
  install folder. Uninstalling keeps it unless the user asks for it to be removed. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{userappdata}\PlanLedger');
    if DirExists(DataDir) then
      if MsgBox('是否同时删除规划台账的数据（数据库、备份和佐证材料）？' + #13#10 +
                '数据位于：' + DataDir + #13#10 + '选“否”将保留数据，以后重新安装可继续使用。',
                mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
