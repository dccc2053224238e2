"""The shipped data: a default Criminal Law article table (an administrator edits it on the articles page;
docs/risk.md) and the shipped instruments, in use."""

from django.db import migrations

ARTICLES = [
    ("116", "Slepkavība", "violence"),
    ("117", "Slepkavība pastiprinošos apstākļos", "violence"),
    ("125", "Tīšs smags miesas bojājums", "violence"),
    ("126", "Tīšs vidēja smaguma miesas bojājums", "violence"),
    ("130", "Tīšs viegls miesas bojājums", "violence"),
    ("132", "Draudi izdarīt slepkavību un nodarīt smagu miesas bojājumu", "violence"),
    ("159", "Izvarošana", "sexual_other"),
    ("160", "Seksuāla vardarbība", "sexual_other"),
    ("161", "Pavešana netiklībā (persona, kas nav sasniegusi sešpadsmit gadu vecumu)", "sexual_child"),
    ("162", "Pavešana netiklībā", "sexual_child"),
    ("165", "Sutenerisms", "prostitution"),
    ("175", "Zādzība", "theft"),
    ("175.3", "Zādzība, iekļūstot dzīvojamās telpās", "burglary_dwelling"),
    ("176", "Laupīšana", "robbery"),
    ("177", "Krāpšana", "fraud"),
    ("179", "Piesavināšanās", "fraud"),
    ("180", "Zādzība, krāpšana, piesavināšanās nelielā apmērā", "theft"),
    ("185", "Tīša mantas iznīcināšana un bojāšana", "criminal_damage"),
    ("193", "Krāpšana ar maksāšanas līdzekļiem", "fraud"),
    ("231", "Huligānisms", "public_order"),
    ("253", "Narkotisko un psihotropo vielu neatļauta iegādāšanās un glabāšana", "drug_supply"),
    ("253.1", "Narkotisko un psihotropo vielu neatļauta izplatīšana", "drug_supply"),
    ("260", "Transportlīdzekļu satiksmes un ekspluatācijas noteikumu pārkāpšana", "motoring"),
    ("262", "Transportlīdzekļa vadīšana reibumā", "drink_driving"),
    ("314", "Noziedzīgi iegūtas mantas iegādāšanās un realizēšana", "handling"),
]


def load(apps, schema_editor):
    from risk import instrument

    OffenceArticle = apps.get_model("risk", "OffenceArticle")
    Instrument = apps.get_model("risk", "Instrument")
    for article, title, category in ARTICLES:
        OffenceArticle.objects.get_or_create(article=article, defaults={"title": title, "category": category})
    for definition in instrument.shipped():
        if not Instrument.objects.filter(code=definition["code"]).exists():
            Instrument.objects.create(code=definition["code"], number=1, kind=definition["kind"], status="active",
                                      definition={**definition, "version": 1}, note="shipped")


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
