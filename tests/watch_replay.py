"""Twenty short articles for the watch replay test, written for it (not reporting).

Twelve follow the seeds' story (North Korean troops in Russia) with new or revised figures and
new voices; eight are about a second, invented story (floods in the invented town of Lindenau).
Every person, outlet and figure here is invented for the test, except the countries and
institutions the seeds already name. They arrive in rounds 2-5 (the seeds arrive in round 1).
"""

from __future__ import annotations

# Background paragraphs, as follow-up reports recap a story (one per article, in turn).
KOREA_BACKGROUND = [
    "North Korea has sent thousands of troops to Russia to support Moscow's war against Ukraine, according to"
    " Ukrainian, South Korean and Western officials. Pyongyang and Moscow have not confirmed the deployment of"
    " the North Korean soldiers, who are believed to have trained in Russia's Far East before moving west.",
    "The deployment of North Korean troops to Russia has alarmed Ukraine and its allies, who fear the war in"
    " Ukraine could spread to the Korean Peninsula. Russian President Vladimir Putin and North Korean leader Kim"
    " Jong Un signed a mutual defence treaty in June.",
    "Ukraine says the North Korean soldiers are being prepared to fight in the Kursk region, where Ukrainian forces"
    " have held Russian territory since August. The United States and South Korea have warned Pyongyang against"
    " sending its troops into combat in Ukraine.",
]
LINDENAU_BACKGROUND = [
    "The floods in Lindenau followed three days of heavy rain, when the river Selbe rose above its banks and"
    " flooded the lower streets of the town. Firefighters, soldiers and volunteers have been working to protect"
    " homes with sandbags.",
    "Lindenau, a small town on the river Selbe, has been hit by the worst floods in decades. Residents of the"
    " flooded streets were taken to schools and sports halls, and the fire service warned that the water could"
    " rise again if the rain returned.",
]

ARTICLES = [
    # ---------------------------------------------------------------- round 2
    dict(round=2, slug="n01", outlet="Harbour Times", date="2024-10-30T09:00:00+00:00",
         title="Ukraine says 11,500 North Korean troops are now in Russia",
         paragraphs=[
             "Ukraine's military intelligence agency said on Wednesday that 11,500 North Korean troops are now in Russia.",
             "\"They are being moved towards the front line in Kursk,\" said Petro Vasylenko, a spokesman for the agency.",
             "The figure is higher than earlier Western estimates.",
         ]),
    dict(round=2, slug="n02", outlet="Lakeside Courier", date="2024-10-30T11:00:00+00:00",
         title="Seoul raises its estimate of North Korean troops in Russia",
         paragraphs=[
             "South Korea's spy agency told lawmakers on Wednesday that North Korea had sent 13,000 troops to Russia.",
             "\"The numbers keep rising every week,\" said Park Min-jae, a member of the parliament's intelligence committee.",
             "The agency briefed the committee behind closed doors in Seoul.",
         ]),
    dict(round=2, slug="l01", outlet="Valley Gazette", date="2024-11-02T08:00:00+00:00",
         title="Floods force thousands from their homes in Lindenau",
         paragraphs=[
             "Floods in the town of Lindenau have forced 2,400 residents from their homes, the regional fire service said on Saturday.",
             "\"The water rose faster than anyone expected,\" said fire chief Anna Keller.",
             "The river Selbe burst its banks after three days of heavy rain.",
         ]),
    dict(round=2, slug="l02", outlet="Rhine Post", date="2024-11-02T10:00:00+00:00",
         title="Lindenau evacuated as the Selbe bursts its banks",
         paragraphs=[
             "Rescue teams evacuated residents of Lindenau after the river Selbe burst its banks on Saturday.",
             "\"We will rebuild every street,\" said Lindenau's mayor, Jonas Brandt.",
             "Schools in the town will stay closed until the water has gone down.",
         ]),
    # ---------------------------------------------------------------- round 3
    dict(round=3, slug="n03", outlet="Harbour Times", date="2024-10-31T09:00:00+00:00",
         title="NATO calls North Korean deployment a significant escalation",
         paragraphs=[
             "NATO said on Thursday that North Korean troops had been deployed to the Kursk region of Russia.",
             "\"This is a significant escalation of Russia's war against Ukraine,\" said NATO spokeswoman Helen Carter.",
         ]),
    dict(round=3, slug="n04", outlet="Eastern Herald", date="2024-10-31T12:00:00+00:00",
         title="Japan estimates 12,500 North Korean troops in Russia",
         paragraphs=[
             "Japan's defence ministry estimated on Thursday that 12,500 North Korean troops are in Russia.",
             "\"We are watching the situation very closely,\" said Kenji Morita, a senior official at the ministry.",
         ]),
    dict(round=3, slug="n05", outlet="Harbour Times", date="2024-11-01T18:00:00+00:00",
         title="First North Korean units seen near the front",
         paragraphs=[
             "The first North Korean units were seen near the front line in the Kursk region on November 1, Ukraine's army said.",
             "Ukrainian officers said the units had arrived by train and by truck.",
         ]),
    dict(round=3, slug="l03", outlet="Valley Gazette", date="2024-11-03T08:00:00+00:00",
         title="More residents leave Lindenau as the water keeps rising",
         paragraphs=[
             "The number of residents evacuated from Lindenau rose to 3,100 on Sunday, the regional fire service said.",
             "\"We are moving people from the lower streets first,\" said fire chief Anna Keller.",
         ]),
    dict(round=3, slug="l04", outlet="Rhine Post", date="2024-11-03T12:00:00+00:00",
         title="Red Cross volunteers help flood victims in Lindenau",
         paragraphs=[
             "The Red Cross said 450 volunteers were helping flood victims in Lindenau on Sunday.",
             "\"People need dry clothes, food and a place to sleep,\" said Red Cross volunteer Lena Vogel.",
         ]),
    # ---------------------------------------------------------------- round 4
    dict(round=4, slug="n06", outlet="Northern Ledger", date="2024-11-02T09:00:00+00:00",
         title="Kyiv repeats its estimate of North Korean troops in Russia",
         paragraphs=[
             "Ukraine's military intelligence agency said on Saturday that 11,500 North Korean troops are in Russia.",
             "\"Some of them are already in combat positions,\" said Petro Vasylenko, a spokesman for the agency.",
         ]),
    dict(round=4, slug="n07", outlet="Eastern Herald", date="2024-11-02T12:00:00+00:00",
         title="Analyst warns the North Korean force could grow",
         paragraphs=[
             "Mira Holt, an analyst at the Baltic Security Institute, said North Korea could send 15,000 troops to Russia by the end of the year.",
             "\"Pyongyang is paid in oil and technology for every soldier it sends,\" Holt said.",
         ]),
    dict(round=4, slug="n08", outlet="Lakeside Courier", date="2024-11-02T15:00:00+00:00",
         title="South Korea summons Russian ambassador over troop deployment",
         paragraphs=[
             "South Korea summoned Russia's ambassador in Seoul on Saturday over the deployment of North Korean troops.",
             "\"This cooperation is a grave threat to our security,\" said Lee Jun-ho, a spokesman for the foreign ministry.",
         ]),
    dict(round=4, slug="n09", outlet="Kyiv Daily", date="2024-11-03T09:00:00+00:00",
         title="Ukrainian commander says his troops are ready",
         paragraphs=[
             "A Ukrainian commander in the Kursk region said his brigade was ready for North Korean units.",
             "\"We know where they are and we are ready for them,\" said Colonel Serhiy Bondar.",
         ]),
    dict(round=4, slug="l05", outlet="Valley Gazette", date="2024-11-04T08:00:00+00:00",
         title="Council counts the damage in Lindenau",
         paragraphs=[
             "The district council said on Monday that 1,200 homes in Lindenau had been damaged by the floods.",
             "\"Many families have lost everything on the ground floor,\" said council leader Petra Sommer.",
         ]),
    # ---------------------------------------------------------------- round 5
    dict(round=5, slug="n10", outlet="Kyiv Daily", date="2024-11-04T09:00:00+00:00",
         title="Kyiv says 9,500 North Korean troops are in Kursk",
         paragraphs=[
             "Ukraine's military intelligence agency said on Monday that 9,500 North Korean troops are in the Kursk region.",
             "The agency said the troops had been placed under Russian commanders.",
         ]),
    dict(round=5, slug="n11", outlet="Northern Ledger", date="2024-11-04T12:00:00+00:00",
         title="Beijing says it is not aware of North Korean troops in Russia",
         paragraphs=[
             "China said on Monday that it was not aware of North Korean troops fighting for Russia.",
             "\"China's position on the Ukraine crisis is consistent and clear,\" said foreign ministry spokeswoman Mei Lin.",
         ]),
    dict(round=5, slug="n12", outlet="Harbour Times", date="2024-11-05T09:00:00+00:00",
         title="Seoul urges Moscow to send North Korean troops home",
         paragraphs=[
             "South Korea called on Russia on Tuesday to send the North Korean troops home.",
             "\"Every day they stay makes this war more dangerous,\" said Choi Eun-ji, a deputy foreign minister.",
         ]),
    dict(round=5, slug="l06", outlet="Rhine Post", date="2024-11-05T08:00:00+00:00",
         title="Damaged homes in Lindenau rise to 1,500",
         paragraphs=[
             "The district council said on Tuesday that 1,500 homes in Lindenau had been damaged by the floods.",
             "Engineers are checking the foundations of every house on the river bank.",
         ]),
    dict(round=5, slug="l07", outlet="Valley Gazette", date="2024-11-05T11:00:00+00:00",
         title="Minister promises help for Lindenau",
         paragraphs=[
             "The regional government promised on Tuesday to help the flooded town of Lindenau rebuild.",
             "\"No family in Lindenau will be left alone,\" said regional minister Tobias Lang.",
         ]),
    dict(round=5, slug="l08", outlet="Mountain Observer", date="2024-11-05T15:00:00+00:00",
         title="Insurers count flood claims from Lindenau",
         paragraphs=[
             "Insurers said on Tuesday that residents of Lindenau had filed 5,000 claims since the floods.",
             "The claims cover homes, cars and small businesses along the river Selbe.",
         ]),
]

for _i, _art in enumerate(ARTICLES):
    _pool = LINDENAU_BACKGROUND if _art["slug"].startswith("l") else KOREA_BACKGROUND
    _art["paragraphs"] = _art["paragraphs"] + [_pool[_i % len(_pool)], _pool[(_i + 1) % len(_pool)]]
