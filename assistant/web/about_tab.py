"""The "Om" tab: what the assistant does, the law, and what it runs on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr

from assistant.settings import Settings
from assistant.web.formatting import user_error

CAN = """\
### Vad assistenten kan
- Svara på frågor om lagen (2003:1210) om finansiell samordning och om förbundets
  dokument, med numrerade källor: dokument, sida eller paragraf och det citerade stycket.
- Ta fram statistik ur deltagarregistret: antal som började, avslutade eller deltog,
  uppdelat på t.ex. kön, ålder eller insats, och andelen som gick till arbete eller studier.
  Små tal (färre än 5) visas aldrig.
- Hjälpa till med ett utkast till svar på en skrivelse.

### Vad den inte kan
- Den svarar bara utifrån de dokument som finns i indexet och säger till när underlaget
  saknas. Den gör inga juridiska bedömningar av enskilda fall.
- Statistiken visar bara sammanställningar – aldrig enskilda deltagare.
- Ett utkast är ett underlag: läs, kontrollera källorna och skriv om innan det skickas.
"""

LAW = """\
### Lagen i ett stycke
Lagen (2003:1210) om finansiell samordning av rehabiliteringsinsatser (FINSAM) låter
Försäkringskassan, Arbetsförmedlingen, minst en region och minst en kommun samverka i ett
samordningsförbund där de är medlemmar (1, 3 och 4 §§). Insatserna ska avse individer som
behöver samordnade rehabiliteringsinsatser och syfta till att de uppnår eller förbättrar sin
förmåga att förvärvsarbeta (2 §). Försäkringskassan bidrar med hälften av medlen, regionerna
med en fjärdedel och kommunerna med en fjärdedel (5 §). Förbundet finansierar insatserna,
stödjer samverkan och svarar för uppföljning och utvärdering (7 §); det leds av en styrelse
och granskas av revisorer (12 och 25 §§). Fråga i fliken Fråga för att läsa paragraferna.
"""


def system_markdown(settings: Settings) -> str:
    """Backend, embedding model, index and participant data in use."""
    from assistant.indexing.manifest import read_current

    backend = f"språkmodell `{settings.llm}`" if settings.llm else "offline (ingen språkmodell)"
    lines = [
        "### I drift",
        f"- **Svarsmotor:** {backend}",
        f"- **Inbäddningsmodell:** `{settings.embedding_model}`",
    ]
    manifest = read_current(settings.index_dir)
    if manifest is None:
        lines.append("- **Index:** inget index är byggt ännu.")
    else:
        lines.append(
            f"- **Index:** {len(manifest.documents)} dokument, {manifest.chunk_count} avsnitt "
            f"(byggt {manifest.built_at} med `{manifest.embedding_model}`)"
        )
    try:
        from assistant.register import load_register

        register = load_register(settings.participants)
        lines += [
            f"- **Deltagardata:** `{register.path.name}` – {register.rows} rader",
            f"- **sha256:** `{register.sha256}`",
        ]
        if register.synthetic:
            from assistant.stats import SYNTHETIC_NOTICE

            lines.append(f"- ⚠️ **{SYNTHETIC_NOTICE}**")
    except Exception as err:
        lines.append(f"- **Deltagardata:** kan inte användas – {user_error(err)}")
    lines.append(f"- **Röjandeskydd:** antal under {settings.suppression_threshold} visas inte.")
    return "\n".join(lines)


@dataclass
class AboutTab:
    """The Om tab's system box and the function that rewrites it."""

    info: gr.Markdown
    refresh: Callable[[], str]


def build(settings: Settings) -> AboutTab:
    """Lay out the tab inside the current Blocks."""
    with gr.Row():
        with gr.Column():
            gr.Markdown(CAN)
        with gr.Column():
            gr.Markdown(LAW)
            info = gr.Markdown(system_markdown(settings), elem_id="om-system")
    button = gr.Button("Uppdatera", size="sm")

    def refresh() -> str:
        return system_markdown(settings)

    button.click(refresh, None, info, api_name="om")
    return AboutTab(info, refresh)
