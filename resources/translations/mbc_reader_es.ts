<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en_US">
<context>
    <name>AccessibilityBar</name>
    <message>
        <source>Reading comfort</source>
        <translation>Comodidad de lectura</translation>
    </message>
    <message>
        <source>Colours, letter size and language.</source>
        <translation>Colores, tamaño de letra e idioma.</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>White and yellow letters on black, easier for some eyes.</source>
        <translation>Letras blancas y amarillas sobre negro, más fáciles de ver para algunas personas.</translation>
    </message>
    <message>
        <source>Large print</source>
        <translation>Letra grande</translation>
    </message>
    <message>
        <source>Makes all letters and buttons bigger.</source>
        <translation>Hace más grandes todas las letras y los botones.</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <source>Picture not available</source>
        <translation>Imagen no disponible</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Artículo</translation>
    </message>
</context>
<context>
    <name>ContentHealthDialog</name>
    <message>
        <source>Content health</source>
        <translation>Estado del contenido</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Save this report as a spreadsheet (CSV) or a web page (HTML)</source>
        <translation>Guardar este informe como hoja de cálculo (CSV) o como página web (HTML)</translation>
    </message>
    <message>
        <source>Dictionary terms (checking…)</source>
        <translation>Términos del diccionario (revisando…)</translation>
    </message>
    <message>
        <source>The report could not be saved to %1: %2</source>
        <translation>No se pudo guardar el informe en %1: %2</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>Informe guardado en %1</translation>
    </message>
    <message>
        <source>Spreadsheet (*.csv)</source>
        <translation>Hoja de cálculo (*.csv)</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>Página web (*.html)</translation>
    </message>
    <message>
        <source>Export the content health report</source>
        <translation>Exportar el informe del estado del contenido</translation>
    </message>
</context>
<context>
    <name>ContentHealthView</name>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>1 file</source>
        <translation>1 archivo</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 archivos</translation>
    </message>
    <message>
        <source>1 error</source>
        <translation>1 error</translation>
    </message>
    <message>
        <source>%1 errors</source>
        <translation>%1 errores</translation>
    </message>
    <message>
        <source>1 warning</source>
        <translation>1 aviso</translation>
    </message>
    <message>
        <source>%1 warnings</source>
        <translation>%1 avisos</translation>
    </message>
    <message>
        <source>1 note</source>
        <translation>1 nota</translation>
    </message>
    <message>
        <source>%1 notes</source>
        <translation>%1 notas</translation>
    </message>
    <message>
        <source>MMMM d, yyyy</source>
        <comment>a date (Qt's QDate format: d, MMMM, yyyy)</comment>
        <translation>d 'de' MMMM 'de' yyyy</translation>
    </message>
    <message>
        <source>File and problem</source>
        <translation>Archivo y problema</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>This file could not be loaded: fix it, then check again.</source>
        <translation>No se pudo cargar este archivo: corríjalo y vuelva a comprobarlo.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>1 day overdue</source>
        <translation>1 día de retraso</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>%1 días de retraso</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>vence hoy</translation>
    </message>
    <message>
        <source>in 1 day</source>
        <translation>en 1 día</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>en %1 días</translation>
    </message>
    <message>
        <source>not due: date to check</source>
        <translation>no vence: fecha que revisar</translation>
    </message>
    <message>
        <source>(also: %1)</source>
        <translation>(además: %1)</translation>
    </message>
    <message>
        <source>no review date</source>
        <translation>sin fecha de revisión</translation>
    </message>
    <message>
        <source>unknown frequency</source>
        <translation>frecuencia desconocida</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>frequency unknown</source>
        <translation>frecuencia desconocida</translation>
    </message>
    <message>
        <source>Last reviewed: %1; review %2</source>
        <translation>Última revisión: %1; revisión %2</translation>
    </message>
    <message>
        <source>No owner: add 'owner:' to the article's front matter</source>
        <translation>Sin responsable: añada «owner:» al encabezado del artículo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Artículo</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Vencida</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Vence pronto</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocida</translation>
    </message>
    <message>
        <source>Check date</source>
        <translation>Revisar la fecha</translation>
    </message>
    <message>
        <source>Problems by file</source>
        <translation>Problemas por archivo</translation>
    </message>
    <message>
        <source>Review dates</source>
        <translation>Fechas de revisión</translation>
    </message>
    <message>
        <source>Broken links</source>
        <translation>Enlaces rotos</translation>
    </message>
    <message>
        <source>Missing dictionary terms</source>
        <translation>Términos que faltan en el diccionario</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>Dictionary terms</source>
        <translation>Términos del diccionario</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Enlace</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Palabras</translation>
    </message>
    <message>
        <source>1 article</source>
        <translation>1 artículo</translation>
    </message>
    <message>
        <source>%1 articles</source>
        <translation>%1 artículos</translation>
    </message>
    <message>
        <source>%1. Problems in %2: %3, %4. Review dates as of %5: %6 overdue, %7 due within %8 days, %9 unknown, %10 with a date to check (in the future).</source>
        <translation>%1. Problemas en %2: %3, %4. Fechas de revisión al %5: %6 con la revisión vencida, %7 por vencer en %8 días, %9 sin fecha conocida, %10 con una fecha que revisar (en el futuro).</translation>
    </message>
    <message>
        <source>%1. Problems in %2: %3, %4. Review dates as of %5: %6 overdue, %7 due within %8 days, %9 unknown.</source>
        <translation>%1. Problemas en %2: %3, %4. Fechas de revisión al %5: %6 con la revisión vencida, %7 por vencer en %8 días, %9 sin fecha conocida.</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>Problemas (%1)</translation>
    </message>
    <message>
        <source>Review dates (%1 overdue)</source>
        <translation>Fechas de revisión (vencidas: %1)</translation>
    </message>
    <message>
        <source>Review dates (%1 overdue, %2 to check)</source>
        <translation>Fechas de revisión (vencidas: %1, por revisar: %2)</translation>
    </message>
    <message>
        <source>Broken links (%1)</source>
        <translation>Enlaces rotos (%1)</translation>
    </message>
    <message>
        <source>Dictionary terms (%1)</source>
        <translation>Términos del diccionario (%1)</translation>
    </message>
    <message>
        <source>Dictionary terms (checking…)</source>
        <translation>Términos del diccionario (revisando…)</translation>
    </message>
</context>
<context>
    <name>EspeakVoice</name>
    <message>
        <source>The voice stopped unexpectedly.</source>
        <translation>La voz se detuvo de forma inesperada.</translation>
    </message>
    <message>
        <source>No sound could be played: check the speakers or headphones.</source>
        <translation>No se pudo reproducir el sonido: revise los altavoces o los auriculares.</translation>
    </message>
    <message>
        <source>The voice could not be started.</source>
        <translation>No se pudo iniciar la voz.</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in this article:</source>
        <translation>Buscar en este artículo:</translation>
    </message>
    <message>
        <source>Find in this article</source>
        <translation>Buscar en este artículo</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Anterior (Mayús+Intro)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Siguiente (Intro)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Cerrar (Esc)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>No se encontró</translation>
    </message>
</context>
<context>
    <name>GlossaryPopup</name>
    <message>
        <source>Listen</source>
        <translation>Escuchar</translation>
    </message>
    <message>
        <source>Listen to this word and its meaning</source>
        <translation>Escuchar esta palabra y lo que significa</translation>
    </message>
    <message>
        <source>Listen is not available on this computer: its voice (eSpeak NG) is not installed.</source>
        <translation>«Escuchar» no está disponible en esta computadora: su voz (eSpeak NG) no está instalada.</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>Definición</translation>
    </message>
    <message>
        <source>Definition: %1</source>
        <translation>Definición: %1</translation>
    </message>
    <message>
        <source>Press Esc to close.</source>
        <translation>Pulse Esc para cerrar.</translation>
    </message>
    <message>
        <source>What this word means. Press Esc to close.</source>
        <translation>Qué significa esta palabra. Pulse Esc para cerrar.</translation>
    </message>
    <message>
        <source>This word</source>
        <translation>Esta palabra</translation>
    </message>
    <message>
        <source>No offline definition for this word.</source>
        <translation>No tenemos la definición de esta palabra.</translation>
    </message>
    <message>
        <source>Your care team can tell you what it means.</source>
        <translation>Su equipo de atención médica le puede explicar qué significa.</translation>
    </message>
    <message>
        <source>Closest match in the dictionary for “%1”.</source>
        <translation>Lo más parecido a «%1» en el diccionario.</translation>
    </message>
    <message>
        <source>From the %1</source>
        <translation>Fuente: %1</translation>
    </message>
    <message>
        <source>NCI Dictionary of Cancer Terms</source>
        <translation>Diccionario de cáncer del NCI</translation>
    </message>
</context>
<context>
    <name>ImageCanvas</name>
    <message>
        <source>Picture</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>Zoom with + and −, move with the arrow keys.</source>
        <translation>Amplíe o reduzca con + y −; mueva la imagen con las flechas.</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Picture</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>Smaller</source>
        <translation>Más pequeña</translation>
    </message>
    <message>
        <source>Zoom out (−)</source>
        <translation>Hacer más pequeña (−)</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>Más grande</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>Hacer más grande (+)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>Fit to the window (0)</source>
        <translation>Ajustar a la ventana (0)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Cerrar (Esc)</translation>
    </message>
    <message>
        <source>About this picture</source>
        <translation>Sobre esta imagen</translation>
    </message>
</context>
<context>
    <name>LanguageSwitch</name>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Choose the language of the screens.</source>
        <translation>Elija el idioma de las pantallas.</translation>
    </message>
    <message>
        <source>Show the screens in this language.</source>
        <translation>Mostrar las pantallas en este idioma.</translation>
    </message>
</context>
<context>
    <name>Navigator</name>
    <message>
        <source>Contents</source>
        <translation>Contenido</translation>
    </message>
    <message>
        <source>The articles by subject. Choose one to read it.</source>
        <translation>Los artículos por tema. Elija uno para leerlo.</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>On-screen keyboard</source>
        <translation>Teclado en pantalla</translation>
    </message>
    <message>
        <source>Touch the keys to type in the search box.</source>
        <translation>Toque las teclas para escribir en la casilla de búsqueda.</translation>
    </message>
    <message>
        <source>Types this letter in the search box.</source>
        <translation>Escribe esta letra en la casilla de búsqueda.</translation>
    </message>
    <message>
        <source>Types this number in the search box.</source>
        <translation>Escribe este número en la casilla de búsqueda.</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Espacio</translation>
    </message>
    <message>
        <source>Types a space between words.</source>
        <translation>Escribe un espacio entre palabras.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Deletes the last letter.</source>
        <translation>Borra la última letra.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar todo</translation>
    </message>
    <message>
        <source>Deletes everything in the search box.</source>
        <translation>Borra todo lo que hay en la casilla de búsqueda.</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Searches for what you typed.</source>
        <translation>Busca lo que usted escribió.</translation>
    </message>
    <message>
        <source>Hide keyboard</source>
        <translation>Ocultar el teclado</translation>
    </message>
    <message>
        <source>Hides this keyboard.</source>
        <translation>Oculta este teclado.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Números</translation>
    </message>
    <message>
        <source>Shows or hides the number keys.</source>
        <translation>Muestra u oculta las teclas de números.</translation>
    </message>
    <message>
        <source>Accents</source>
        <translation>Acentos</translation>
    </message>
    <message>
        <source>Shows or hides the letters á é í ó ú ü ñ.</source>
        <translation>Muestra u oculta las letras á é í ó ú ü ñ.</translation>
    </message>
</context>
<context>
    <name>QrDialog</name>
    <message>
        <source>A page on the internet</source>
        <translation>Una página de internet</translation>
    </message>
    <message>
        <source>This page is on the internet</source>
        <translation>Esta página está en internet</translation>
    </message>
    <message>
        <source>This reader works without the internet and does not open web pages. Scan with your phone to open it there.</source>
        <translation>Este lector funciona sin internet y no abre páginas web. Escanee el código con su teléfono para abrirla allí.</translation>
    </message>
    <message>
        <source>(This address is too long for a code.)</source>
        <translation>(Esta dirección es demasiado larga para un código.)</translation>
    </message>
    <message>
        <source>QR code of the address</source>
        <translation>Código QR de la dirección</translation>
    </message>
</context>
<context>
    <name>ReadAloudBar</name>
    <message>
        <source>Previous</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <source>Read the sentence before</source>
        <translation>Leer la oración anterior</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Skip to the next sentence</source>
        <translation>Pasar a la oración siguiente</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Stop reading aloud (F7)</source>
        <translation>Dejar de leer en voz alta (F7)</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>Más despacio</translation>
    </message>
    <message>
        <source>Read more slowly</source>
        <translation>Leer más despacio</translation>
    </message>
    <message>
        <source>Normal speed</source>
        <translation>Velocidad normal</translation>
    </message>
    <message>
        <source>Read at the normal speed</source>
        <translation>Leer a la velocidad normal</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>Más rápido</translation>
    </message>
    <message>
        <source>Read faster</source>
        <translation>Leer más rápido</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Go on reading</source>
        <translation>Seguir leyendo</translation>
    </message>
    <message>
        <source>Pause reading</source>
        <translation>Pausar la lectura</translation>
    </message>
    <message>
        <source>sentence %1 of %2</source>
        <translation>oración %1 de %2</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Reading aloud</source>
        <translation>Leyendo en voz alta</translation>
    </message>
</context>
<context>
    <name>ReaderWindow</name>
    <message>
        <source>Show what this word means</source>
        <translation>Ver qué significa esta palabra</translation>
    </message>
    <message>
        <source>Show this picture larger</source>
        <translation>Ver esta imagen más grande</translation>
    </message>
    <message>
        <source>On the internet (shows a code to scan): %1</source>
        <translation>En internet (muestra un código para escanear): %1</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation>Atrás (Alt+Izquierda)</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Adelante</translation>
    </message>
    <message>
        <source>Forward (Alt+Right)</source>
        <translation>Adelante (Alt+Derecha)</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Back to the first page (Alt+Home)</source>
        <translation>Volver a la primera página (Alt+Inicio)</translation>
    </message>
    <message>
        <source>A−</source>
        <translation>A−</translation>
    </message>
    <message>
        <source>Smaller text (Ctrl+−)</source>
        <translation>Letra más pequeña (Ctrl+−)</translation>
    </message>
    <message>
        <source>A+</source>
        <translation>A+</translation>
    </message>
    <message>
        <source>Larger text (Ctrl+=)</source>
        <translation>Letra más grande (Ctrl+=)</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>Tamaño de letra normal</translation>
    </message>
    <message>
        <source>Normal text size (Ctrl+0)</source>
        <translation>Tamaño de letra normal (Ctrl+0)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Buscar aquí</translation>
    </message>
    <message>
        <source>Find in this article (Ctrl+F)</source>
        <translation>Buscar en este artículo (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Search all articles (Ctrl+K)</source>
        <translation>Buscar en todos los artículos (Ctrl+K)</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Escuchar</translation>
    </message>
    <message>
        <source>Read this article aloud from here (F7)</source>
        <translation>Leer este artículo en voz alta desde aquí (F7)</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Lectura</translation>
    </message>
    <message>
        <source>%1 file(s) could not be shown; staff can run “mbc-reader check”.</source>
        <translation>No se pudieron mostrar %1 archivo(s); el personal puede ejecutar «mbc-reader check».</translation>
    </message>
    <message>
        <source>Cancer information</source>
        <translation>Información sobre el cáncer</translation>
    </message>
    <message>
        <source>Listen is not available on this computer: its voice (eSpeak NG) is not installed.</source>
        <translation>«Escuchar» no está disponible en esta computadora: su voz (eSpeak NG) no está instalada.</translation>
    </message>
    <message>
        <source>That page is not in this library.</source>
        <translation>Esa página no está en esta biblioteca.</translation>
    </message>
    <message>
        <source>No articles to show yet</source>
        <translation>Todavía no hay artículos para mostrar</translation>
    </message>
    <message>
        <source>Please ask a member of staff for help.</source>
        <translation>Por favor, pida ayuda a alguien del personal.</translation>
    </message>
    <message>
        <source>Staff: check the content folder with “mbc-reader check” or install a content pack.</source>
        <translation>Personal: revisen la carpeta de contenido con «mbc-reader check» o instalen un paquete de contenido.</translation>
    </message>
    <message>
        <source>Content health…</source>
        <translation>Estado del contenido…</translation>
    </message>
    <message>
        <source>New content is installed: show it</source>
        <translation>Hay contenido nuevo instalado: mostrarlo</translation>
    </message>
    <message>
        <source>Content packs were installed or removed while this window was open. Show them now (the article you are reading stays open when it is still there).</source>
        <translation>Se instalaron o quitaron paquetes de contenido con esta ventana abierta. Mostrarlos ahora (el artículo que está leyendo sigue abierto si todavía está).</translation>
    </message>
    <message>
        <source>For staff: problems in the content files, broken links and review dates (Ctrl+Shift+H)</source>
        <translation>Para el personal: problemas en los archivos de contenido, enlaces rotos y fechas de revisión (Ctrl+Mayús+H)</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>Introduction</source>
        <translation>Introducción</translation>
    </message>
    <message>
        <source>1 more section below</source>
        <translation>1 sección más abajo</translation>
    </message>
    <message>
        <source>%1 more sections below</source>
        <translation>%1 secciones más abajo</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Also searched: %1</source>
        <translation>También se buscó: %1</translation>
    </message>
    <message>
        <source>Showing results for %1 · search for %2 instead</source>
        <translation>Resultados de %1 · buscar %2 en su lugar</translation>
    </message>
    <message>
        <source>Dictionary</source>
        <translation>Diccionario</translation>
    </message>
    <message>
        <source>Search (Ctrl+K)</source>
        <translation>Buscar (Ctrl+K)</translation>
    </message>
    <message>
        <source>Search the articles</source>
        <translation>Buscar en los artículos</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Resultados de la búsqueda</translation>
    </message>
    <message>
        <source>Search is not available in this version.</source>
        <translation>La búsqueda no está disponible en esta versión.</translation>
    </message>
    <message>
        <source>Search is not available</source>
        <translation>La búsqueda no está disponible</translation>
    </message>
    <message>
        <source>Search the articles (Ctrl+K)</source>
        <translation>Buscar en los artículos (Ctrl+K)</translation>
    </message>
    <message>
        <source>Getting search ready…</source>
        <translation>Preparando la búsqueda…</translation>
    </message>
    <message>
        <source>Search could not be prepared. Staff: run &apos;mbc-reader index&apos;.</source>
        <translation>No se pudo preparar la búsqueda. Personal: ejecuten &apos;mbc-reader index&apos;.</translation>
    </message>
    <message>
        <source>Search is not available right now.</source>
        <translation>La búsqueda no está disponible en este momento.</translation>
    </message>
    <message>
        <source>That search did not work. Try other words.</source>
        <translation>Esa búsqueda no funcionó. Pruebe con otras palabras.</translation>
    </message>
    <message>
        <source>No articles match “%1”.</source>
        <translation>Ningún artículo coincide con «%1».</translation>
    </message>
    <message>
        <source>Best %1 of %2 results</source>
        <translation>Los %1 mejores de %2 resultados</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 resultado</translation>
    </message>
    <message>
        <source>%1 results</source>
        <translation>%1 resultados</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>¿Quiso decir %1?</translation>
    </message>
</context>
<context>
    <name>StaffPinDialog</name>
    <message>
        <source>Staff exit</source>
        <translation>Salida del personal</translation>
    </message>
    <message>
        <source>For clinic staff: leave kiosk mode.</source>
        <translation>Para el personal de la clínica: salir del modo quiosco.</translation>
    </message>
    <message>
        <source>Clinic staff: enter the PIN to leave kiosk mode.</source>
        <translation>Personal de la clínica: escriba el PIN para salir del modo quiosco.</translation>
    </message>
    <message>
        <source>Kiosk exit is turned off because no staff PIN is set. To set one, run: mbc-reader kiosk set-pin</source>
        <translation>La salida del modo quiosco está desactivada porque no hay un PIN del personal. Para crear uno, ejecute: mbc-reader kiosk set-pin</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>PIN del personal</translation>
    </message>
    <message>
        <source>Digits only.</source>
        <translation>Solo números.</translation>
    </message>
    <message>
        <source>Number pad</source>
        <translation>Teclado numérico</translation>
    </message>
    <message>
        <source>Types this number.</source>
        <translation>Escribe este número.</translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation>Salir del modo quiosco</translation>
    </message>
    <message>
        <source>Checks the PIN and leaves kiosk mode.</source>
        <translation>Comprueba el PIN y sale del modo quiosco.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Stays in kiosk mode.</source>
        <translation>Sigue en el modo quiosco.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Too many wrong tries. Try again in a few minutes.</source>
        <translation>Demasiados intentos equivocados. Vuelva a intentarlo en unos minutos.</translation>
    </message>
    <message>
        <source>That PIN is not right. Kiosk mode stays on.</source>
        <translation>Ese PIN no es correcto. El modo quiosco sigue activo.</translation>
    </message>
</context>
<context>
    <name>StartOverButton</name>
    <message>
        <source>Done — start over</source>
        <translation>Terminé — empezar de nuevo</translation>
    </message>
    <message>
        <source>Clears what you read and searched, and goes back to the start.</source>
        <translation>Borra lo que usted leyó y buscó, y vuelve al inicio.</translation>
    </message>
</context>
<context>
    <name>StillReadingOverlay</name>
    <message>
        <source>Still reading?</source>
        <translation>¿Sigue leyendo?</translation>
    </message>
    <message>
        <source>For your privacy, this screen will clear itself and start over.</source>
        <translation>Para proteger su privacidad, esta pantalla se borrará y empezará de nuevo.</translation>
    </message>
    <message>
        <source>Starting over in</source>
        <translation>Empezará de nuevo en</translation>
    </message>
    <message>
        <source>Yes, keep reading</source>
        <translation>Sí, quiero seguir leyendo</translation>
    </message>
    <message>
        <source>Done — start over</source>
        <translation>Terminé — empezar de nuevo</translation>
    </message>
    <message>
        <source>Touch the screen to keep reading, or the screen starts over soon.</source>
        <translation>Toque la pantalla para seguir leyendo; si no, la pantalla empezará de nuevo en unos momentos.</translation>
    </message>
    <message>
        <source>Seconds left</source>
        <translation>Segundos que quedan</translation>
    </message>
    <message>
        <source>Closes this message so you can keep reading.</source>
        <translation>Cierra este mensaje para que pueda seguir leyendo.</translation>
    </message>
    <message>
        <source>Clears what you read and searched, and goes back to the start.</source>
        <translation>Borra lo que usted leyó y buscó, y vuelve al inicio.</translation>
    </message>
    <message>
        <source>Seconds until the screen starts over.</source>
        <translation>Segundos que faltan para que la pantalla empiece de nuevo.</translation>
    </message>
</context>
<context>
    <name>mbc-reader</name>
    <message>
        <source>Cancer information</source>
        <translation>Información sobre el cáncer</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Home</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>What would you like to learn about?</source>
        <translation>¿Sobre qué le gustaría saber?</translation>
    </message>
    <message>
        <source>Type a word, for example: chemotherapy</source>
        <translation>Escriba una palabra, por ejemplo: quimioterapia</translation>
    </message>
    <message>
        <source>Searches all articles; the results are listed at the left.</source>
        <translation>Busca en todos los artículos; los resultados aparecen a la izquierda.</translation>
    </message>
    <message>
        <source>Common questions</source>
        <translation>Preguntas frecuentes</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Temas</translation>
    </message>
    <message>
        <source>No articles to show yet. Please ask a member of staff for help.</source>
        <translation>Todavía no hay artículos. Pida ayuda a un miembro del personal.</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>← All topics</source>
        <translation>← Todos los temas</translation>
    </message>
    <message>
        <source>Back to all topics</source>
        <translation>Volver a todos los temas</translation>
    </message>
    <message>
        <source>1 article</source>
        <translation>1 artículo</translation>
    </message>
    <message>
        <source>%1 articles</source>
        <translation>%1 artículos</translation>
    </message>
    <message>
        <source>More articles (%1 more)</source>
        <translation>Más artículos (%1 más)</translation>
    </message>
</context>
</TS>
