; Inno Setup script for the Windows installer of mbc-reader (Inno Setup 6.3 or newer: x64compatible).
;
; It packs the same PyInstaller bundle that the Linux .deb carries, built ON WINDOWS (PyInstaller
; does not cross-compile): in a Windows shell at the project root,
;
;     py -3.11 -m venv .venv
;     .venv\Scripts\pip install -e ".[dist]"
;     .venv\Scripts\python scripts\build_translations.py
;     .venv\Scripts\python installer\prebuild_index.py build\search-index
;     set MBC_READER_PREBUILT_INDEX=%CD%\build\search-index
;     .venv\Scripts\pyinstaller --noconfirm --clean installer\mbc-reader.spec
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\mbc-reader.iss
;
; -> dist\mbc-reader-0.1.0-setup.exe. NOT BUILT OR TESTED in this project's Linux CI: there is no
; Windows machine here. The spec makes two programs on Windows: mbc-reader-gui.exe (windowed, for
; the Start menu) and mbc-reader.exe (console, for staff commands such as `pack install`).
;
; User data is never removed on uninstall: settings, packs and the search index live in
; %LOCALAPPDATA%\mbc-reader (see docs/INSTALL.md).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\mbc-reader"
#endif
#define AppName "Cancer Information Reader"
#define GuiExe "mbc-reader-gui.exe"

[Setup]
; Never change AppId: Windows uses it to find the installed copy on update and uninstall.
AppId={{52041322-F7CF-4A0F-8032-26E9626531FE}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=mbc-reader team
DefaultDirName={autopf}\mbc-reader
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=mbc-reader-{#AppVersion}-setup
SetupIconFile=..\icons\mbc-reader.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Clinic machines are set up by staff with admin rights; a per-user install is offered as well.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ChangesEnvironment=yes
; An update installs over the old version; close a running reader first.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[CustomMessages]
english.AddToPath=Let staff run mbc-reader commands (add the program folder to PATH)
spanish.AddToPath=Permitir que el personal use los comandos de mbc-reader (añadir la carpeta a PATH)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "addtopath"; Description: "{cm:AddToPath}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole bundle: no library of the previous version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "{code:EnvironmentKey}"; ValueType: expandsz; ValueName: "Path"; \
    ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotInPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function EnvironmentKey(Param: String): String;
begin
  if IsAdminInstallMode then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

function RootKey: Integer;
begin
  if IsAdminInstallMode then
    Result := HKEY_LOCAL_MACHINE
  else
    Result := HKEY_CURRENT_USER;
end;

function NotInPath(Dir: String): Boolean;
var
  Path: String;
begin
  if not RegQueryStringValue(RootKey, EnvironmentKey(''), 'Path', Path) then
    Result := True
  else
    Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Path, Dir: String;
  P: Integer;
begin
  { Take the program folder back out of PATH; leave everything else as it was. }
  if CurUninstallStep <> usPostUninstall then
    Exit;
  if not RegQueryStringValue(RootKey, EnvironmentKey(''), 'Path', Path) then
    Exit;
  Dir := ExpandConstant('{app}');
  P := Pos(';' + Uppercase(Dir), Uppercase(Path));
  if P > 0 then
  begin
    Delete(Path, P, Length(Dir) + 1);
    RegWriteExpandStringValue(RootKey, EnvironmentKey(''), 'Path', Path);
  end;
end;
