"""People's names that a text itself marks as names, found without a language model.

Without a named-entity model a capitalised word is no evidence of a person ("Parking",
"A&E", "Leeds"), but some phrasings are: a name someone gives as theirs ("My name is
Margaret Hughes"), a title before a name ("Dr Patel", "Mrs O'Neill", and as patients type
it, "thank you dr okafor", "nurse jenny": a lower-case word a dictionary does not know, or
knows only as rare, and not after "the nurse"), a relative or carer before a first name
("Contact my daughter Sarah", "my husband dave", read as after a title) and a name signed
after thanks at the end ("thank you. Sarah"). Patient feedback and consultation answers
use all four, and a published quote must not carry them. Only the name is returned, so a
redacted quote still reads "Dr [PERSON_1] listened to me".
"""

from __future__ import annotations

import re

from sounding.privacy.full_names import full_name_spans, is_given_name, is_surname
from sounding.retrieval.spelling import english_dictionary

#: A capitalised word that can be a name: "Hughes", "O'Neill", "Smith-Jones".
#: It ends where its word does: the "L" of "Doctor LISTENED" is none.
_NAME = r"[A-Z][a-z]*(?:['’][A-Z][a-z]+|-[A-Z][a-z]+)*(?!\w)"
#: Capitalised words that follow these phrasings without being anyone's name.
_NOT_NAMES = frozenset({
    "A", "Also", "An", "And", "As", "At", "But", "By", "For", "From", "He", "Her", "His", "I", "If",
    "In", "It", "My", "No", "Not", "Of", "On", "Or", "She", "So", "The", "Their", "They",
    "This", "Was", "We", "Who", "Will", "With", "You", "Your", "Surgery", "Practice",
    "Hospital", "Clinic", "Ward", "Team", "Department", "Service", "Centre", "Center",
    "Practitioner", "Specialist", "Associate", "Assistant", "Manager", "Consultant",
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Miss",
})  # fmt: skip
#: Up to three names in a row: "Margaret Hughes", "Mary Anne Smith".
_FULL_NAME = rf"{_NAME}(?:\s+{_NAME}){{0,2}}"
_OWN_NAME = re.compile(
    rf"\b(?:[Mm]y|[Hh]is|[Hh]er|[Oo]ur) names? (?:is|was)\s+(?P<name>{_FULL_NAME})"
    rf"|\b(?:I am|I'm|I’m) called\s+(?P<called>{_FULL_NAME})"
)
#: Titles, capitalised or not ("thank you to sister Mary Adeyemi"), but not in capitals:
#: "MS Society" is no "Ms Society". "Miss" only as a title, since "miss" is mostly the
#: verb. Only an abbreviation takes a full stop: after "doctor." a sentence ends ("Lovely
#: doctor. Also the nurse…").
_TITLE = (
    r"(?:(?:[Dd]r|[Mm]r|[Mm]rs|[Mm]s|[Mm]x|[Pp]rof|[Cc]llr|[Rr]ev|[Rr]evd)\.?"
    r"|[Dd]octor|[Pp]rofessor|[Nn]urse|[Ss]ister|[Mm]atron|[Mm]idwife|[Cc]ouncillor|Miss)"
)
#: A role between a title and the name, as typed: "nurse practitioner Michelle".
_TITLE_ROLE = r"(?:\s+(?:practitioner|specialist|associate))?"
_TITLED = re.compile(rf"\b{_TITLE}{_TITLE_ROLE}\s+(?P<name>{_NAME}(?:\s+{_NAME})?)")
#: A name typed in lower case after a title ("thank you dr okafor", "nurse jenny"): one
#: or two words, each kept only if it could be a name (`_could_be_name`).
_TITLED_LOWER = re.compile(
    # ... "mrs achebe", "mr bennett (year 6)" too, and so "MRS PATEL IN YEAR 2" read in lower
    # case (a parents' survey's labels); "miss", mostly the verb, only before a surname
    # (`_MISS`).
    rf"\b(?P<title>[Dd]r\.?|[Dd]octor|[Nn]urse|[Ss]ister|[Mm]atron|[Mm]idwife|[Mm]rs?\.?|[Mm]s\.?"
    r"|[Mm]iss)"
    rf"{_TITLE_ROLE}\s+"
    r"(?P<name>[a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*)?)"
    r"(?![\w'’])"
)
_RELATIVE_OF = (
    r"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\s+(?:late\s+)?(?:daughter|son|wife|husband|"
    r"partner|mum|mom|mother|dad|father|brother|sister|grandson|granddaughter|grandmother|"
    r"grandfather|grandma|grandad|granddad|nan|nanna|gran|aunt|auntie|uncle|niece|nephew|"
    r"cousin|baby|child|boyfriend|girlfriend|fiancée?|friend|neighbour|carer|GP|nurse|"
    r"consultant|midwife|doctor|social worker|(?:line\s+)?manager|boss|supervisor|colleague"
    r"|team\s+leader"
    # ... and who looks after a new starter or a patient ("my buddy Karen was great").
    r"|buddy|mentor|coach|trainer|tutor|teacher|key\s?worker|support\s+worker|case\s?worker"
    r"|advis[eo]r|health\s+visitor|therapist|counsell?or|physio|dentist|pharmacist"
    # ... and who looks after a tenant or a student ("My housing officer Wayne is really
    # helpful", a housing survey's quote; "my personal tutor Dr Ellis").
    r"|(?:housing|neighbourhood|tenancy|estate|liaison)\s+officer|caretaker|personal\s+tutor"
    r"|lecturer)\s*,?\s+"
)
#: The name after a relative, capitalised or, as typed, in lower case ("my husband dave
#: was treated": kept as after a title, `_lower_name`).
_RELATIVE = re.compile(
    rf"{_RELATIVE_OF}(?:(?P<name>{_NAME}(?:\s+{_NAME})?)"
    r"|(?P<lower>[a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*)?)(?![\w'’]))"
)


#: Roles a name is given with ("Gemma the HCA was lovely", "nurse practitioner Michelle").
_ROLE = (
    r"(?:[Hh][Cc][Aa]|[Nn]urse|[Dd]octor|[Rr]eceptionist|[Pp]hysio(?:therapist)?|[Mm]idwife"
    r"|[Pp]harmacist|[Pp]orter|[Cc]leaner|[Cc]onsultant|[Pp]aramedic|[Hh]ealthcare\s+assistant"
    # ... and in mental health and social care ("Leanne the support worker").
    r"|[Ss]upport\s+worker|[Cc]are\s+co-?ordinator|[Kk]ey\s+worker|[Ss]ocial\s+worker"
    r"|[Tt]herapist|[Pp]sychologist|[Pp]sychiatrist|[Cc]ounsell?or|CPN"
    # ... and in teaching ("Sarah the lecturer", "Mr Jones our tutor").
    r"|[Ll]ecturer|[Tt]utor|[Tt]eacher|[Mm]odule\s+leader|[Cc]ourse\s+leader"
    # ... and in repairs and housing ("Dave the plumber was brilliant", a tenants' survey).
    r"|[Pp]lumber|[Ee]lectrician|[Jj]oiner|[Cc]arpenter|[Ee]ngineer|[Oo]perative|[Cc]aretaker"
    r"|[Gg]ardener|[Hh]andyman|[Cc]ontractor|[Ss]urveyor|[Tt]echnician|[Ff]itter|[Dd]ecorator"
    r"|[Bb]uilder|[Rr]oofer|[Pp]lasterer|(?:[Hh]ousing|[Nn]eighbourhood|[Tt]enancy)\s+officer"
    r"|[Dd]river"
    # ... and on a hospital's or a library's staff ("Becky our band 7", "Sue our ward
    # manager", "Lorraine the librarian": an NHS staff survey's and a library review's).
    r"|[Bb]and\s+\d[a-z]?|(?:[Tt]eam|[Ww]ard|[Ll]ine|[Dd]uty|[Ss]hift)\s+(?:lead|leader|manager)"
    r"|[Mm]anager|[Ss]upervisor|[Mm]atron|[Ll]ibrarian|[Vv]olunteer|[Ss]ecretary|[Cc]hef)"
)
#: Someone singled out for thanks by name, as patients do: "Special mention to jade who
#: sat with me", "shout out to Tom", "a big thank you to Priya", "credit to Julie", "Tom
#: was an absolute star", "Sarah on reception was lovely". The name follows the mention, or opens a
#: sentence before "was/is a star" (an angel, a credit…) or "on reception" (nights, ward
#: 5…); in lower case it is kept as after a title (`_lower_name`).
_MENTION = (
    r"\b(?:(?:[Ss]pecial\s+mention|[Ss]hout[\s-]?outs?|(?:[Ss]pecial|[Bb]ig|[Hh]uge)\s+thanks"
    r"|(?:[Aa]\s+)?(?:[Bb]ig\s+|[Hh]uge\s+|[Ss]pecial\s+)?[Tt]hank\s+you|[Kk]udos)\s+"
    r"(?:goes\s+)?(?:to|for)"
    # ... or thanks asked to be passed on: "Please thank Priya from me", "pass on my thanks
    # to jade" (an FFT's, quoted).
    r"|[Pp]lease\s+thank|[Pp]ass\s+(?:on\s+)?(?:my|our)\s+(?:thanks|gratitude)\s+(?:on\s+)?to"
    # ... but credit only "to" someone: "the tax credit for residential energy" names no one
    # (a bill summary's "residential", "tuition" and "adoption" had been read as names).
    r"|(?:[Ff]ull\s+|[Bb]ig\s+)?[Cc]redit\s+(?:goes\s+)?to)\s+"
)
#: What is said of a person singled out: "was a star", or a quality only a person has
#: ("Gemma was so patient with us"; not "Maternity was lovely", said of a department).
_QUALITY = (
    r"(?:(?:was|is)\s+(?:an?\s+|such\s+an?\s+)?(?:absolute\s+|real\s+|total\s+|little\s+)?"
    r"(?:star|angel|gem|legend|credit|superstar|hero|diamond|godsend)"
    r"|(?:was|is)\s+(?:so\s+|really\s+|very\s+|extremely\s+|incredibly\s+)?"
    r"(?:patient|kind|gentle|caring|compassionate|attentive|sweet)"
    # ... or a reward only a person earns: "Mo Mensah deserves a medal".
    r"|deserves?\s+(?:a\s+)?(?:medal|award|promotion|pay\s+rise|payrise|knighthood))\b"
)
#: What a person did for a patient or a pupil, as a named one is thanked for it.
_CARED = (
    r"(?:explained|listened|reassured|comforted|calmed\s+(?:me|us|him|her)|held\s+my\s+hand"
    r"|made\s+(?:me|us)\s+(?:feel|laugh|smile)|looked\s+after|took\s+(?:the|her|his|their)\s+time"
    r"|sat\s+with|stayed\s+with|talked\s+(?:me|us)\s+through"
    r"|(?:went|goes|always\s+goes)\s+(?:above|out\s+of|the\s+extra)"
    r"|helped\s+(?:me|us)|sorted\s+(?:me|us|it|everything))"
)
#: ... and as a gerund after thanks: "for holding my hand", "for being so patient".
_CARE_GIVEN = (
    r"(?:holding\s+my\s+hand|helping|looking\s+after|listening|explaining|reassuring"
    r"|calming|caring\s+for|supporting|staying\s+with|sitting\s+with|being\s+(?:so\s+)?"
    r"(?:kind|patient|lovely|helpful|caring|gentle|amazing|brilliant|wonderful))"
)
#: How someone was, said of people and places alike, so only after a listed given name.
_HOW_THEY_WERE = (
    r"(?:was|is)\s+(?:so\s+|really\s+|very\s+|absolutely\s+|just\s+)?(?:amazing|brilliant"
    r"|lovely|fantastic|wonderful|great|excellent|fab|fabulous|outstanding|superb|helpful"
    r"|friendly|rude|dismissive|unhelpful)"
)
#: Where someone works, as a name is given with it: "on reception", "on the phones", "on
#: ward 7", "on the front desk", "on the crisis line".
_POST = (
    r"(?:reception|nights|days|(?:the\s+)?(?:phones?|switchboard)"
    # ... "on the night shift", "on cardiology clinic", "on the stroke unit" (an FFT's).
    r"|(?:the\s+)?(?:[a-z'’]+\s+)?(?:ward|desk|line|helpline|shift|clinic|unit)|ward\s+\w+)"
)
#: ... or where they work, or their role: "on reception", "the student midwife was", "in
#: motor vehicle is a legend".
_STAR = (
    rf"(?:{_QUALITY}|(?:in|from)\s+(?:[\w&'’-]+\s+){{1,4}}?{_QUALITY}"
    rf"|on\s+{_POST}\b"
    # ... or the department they work in ("Darren in IT sorted my laptop").
    r"|(?:in|from)\s+(?:IT|HR|hr|[Pp]ayroll|[Ff]inance|[Ff]acilities|[Aa]ccounts|[Ee]states"
    r"|[Cc]ustomer\s+[Ss]ervices"
    # ... a hospital's too ("thanks to Mo in pharmacy who always sorts our TTOs").
    r"|[Pp]harmacy|[Rr]adiology|X-?ray|[Pp]athology|[Tt]heatres|[Oo]utpatients|[Cc]atering"
    r"|[Hh]ousekeeping|[Ss]ecurity|[Pp]rocurement|[Mm]aintenance|[Rr]epairs|[Aa]dmissions)\b"
    rf"|(?:the|his|her|my|our)\s+(?:[a-z]+\s+)?{_ROLE}\b)"
)
_MENTIONED = re.compile(
    rf"{_MENTION}(?:(?P<name>{_NAME}(?:\s+{_NAME})?)|(?P<lower>[a-z][a-z'’-]*)(?![\w'’]))"
)
#: The name opens its sentence or clause: after a full stop, a comma, a dash between
#: spaces or an opening quote ("Great care, Julie on reception…", "Also put as: “Emma on
#: reception…”"). Not inside one, where a word before "on the ward" is more often a thing
#: or a place ("norovirus on the ward", "went to Leeds on the ward") ...
_CLAUSE_START = (
    r"(?:^|(?<=[.!?,;:(“\"‘])|(?<=\s[-–—]))\s*"
    # ... or a clause joined on: "…at once, and Gemma the HCA too", "And Raj in IT is…".
    r"(?:(?:[Aa]nd|[Aa]lso|[Bb]ut|[Pp]lus)\s+)?"
)
_PRAISED = re.compile(
    rf"{_CLAUSE_START}(?:(?P<name>{_NAME}(?:\s+{_NAME})?)|(?P<lower>[a-z][a-z'’-]*))\s+{_STAR}"
)
#: ... or with the team they work in: "Sharon in the repairs team was brilliant" (a
#: housing survey's label), where the name is a given name of the lists or a word no
#: dictionary knows ("Kev"), not "Repairs in the north team are slow".
_IN_TEAM = re.compile(
    rf"{_CLAUSE_START}(?P<name>{_NAME})\s+(?:in|from|on)\s+the\s+[a-z]+(?:\s+[a-z]+)?\s+team\b"
    # ... or at the desk: "Debbie at the front desk was rude" (a GP survey's, quoted), not
    # "Queues at the front desk".
    r"|(?<![\w'’])(?P<at>[A-Z][a-z]+)\s+at\s+(?:the\s+)?(?:front\s+desk|reception(?:\s+desk)?"
    r"|desk|counter)\b"
)
#: ... or a capitalised name given its role in brackets, anywhere ("The energy Sarah (the
#: lecturer) brought", a module survey's label).
_BRACKETED_ROLE = re.compile(
    rf"(?<![\w'’])(?P<name>{_NAME}(?:\s+{_NAME})?)\s*\((?:the|our|my|a)\s+(?:[a-z]+\s+)?{_ROLE}\)"
)
#: ... except a capitalised name before a quality, anywhere ("ignored us Priya was so
#: patient", a sentence typed without its full stop).
_PRAISED_INSIDE = re.compile(rf"(?<![\w'’])(?P<name>{_NAME}(?:\s+{_NAME})?)\s+{_QUALITY}")
#: Inside a sentence typed without stops a post and "was/is" mark a name: capitalised and
#: rare before any post ("Great care from everyone Julie on ward 7 was lovely"), in lower
#: case only before "on reception" ("great service today sandra on reception was
#: brilliant", where "norovirus on the ward was" is none), and not after "the" or "a".
_ON_RECEPTION = re.compile(
    rf"(?<![\w'’])(?:(?P<name>{_NAME}(?:\s+{_NAME})?)\s+on\s+{_POST}|(?P<lower>[a-z][a-z'’-]*)\s+on\s+reception)"
    r"\s+(?:was|is|were)\b"
)
#: "Thanks to" and a name given with its post, role or a quality ("Thanks to Sian on the
#: library desk"): alone, "thanks to" names a cause as often ("Thanks to Brexit…").
_THANKS_TO = re.compile(
    rf"\b(?:[Mm]any\s+)?[Tt]hanks\s+to\s+(?P<name>{_NAME}(?:\s+{_NAME})?)\s+"
    # ... or with the care they gave: "Thanks to Mo for holding my hand through it all".
    rf"(?:{_STAR}|for\s+{_CARE_GIVEN})"
)
#: Someone spoken to or asked for by name: "I spoke to Sarah who was no help", "Ask for
#: Gareth Ellis, she knows my case" (a customer-service survey's labels). The name must be
#: rare as a word ("spoke to Council Tax" is none).
_SPOKEN_TO = re.compile(
    r"\b(?:[Ss]poke|[Ss]peak|[Ss]peaking|[Tt]alked|[Tt]alking|[Aa]sk|[Aa]sked|[Aa]sking)"
    rf"\s+(?:to|for)\s+(?P<name>{_NAME}(?:\s+{_NAME})?)"
)
#: Someone named as they were introduced: "a lady called Bev", "a guy named Tom".
_CALLED = re.compile(
    r"\b(?:lady|man|woman|guy|bloke|girl|boy|gentleman|chap|fella|fellow|lad|lass|someone"
    r"|somebody|person|one)\s+(?:called|named)\s+"
    rf"(?:(?P<name>{_NAME}(?:\s+{_NAME})?)|(?P<lower>[a-z][a-z'’-]*)(?![\w'’]))"
)
_MENTION_WORDS = ("mention", "shout", "thank", "credit", "kudos", "gratitude")
#: Welsh cues, before or after a capitalised given name of the lists (`is_given_name`):
#: thanks ("Diolch i Bethan"), a relative or teacher ("fy merch Megan", my daughter Megan;
#: "Cai, fy mab", Cai, my son). Only listed names, as Welsh words are all rare to an
#: English dictionary ("Diolch i Gyngor Sir…" thanks the county council).
_WELSH_KIN = (
    r"(?:merch|mab|ngŵr|ngwr|ngwraig|mhartner|mam|nhad|chwaer|mrawd|wyres|ŵyr|wyr|ffrind"
    r"|athro|athrawes|mhlentyn|mhlant|nai|nith)"
)
_WELSH_CUES = re.compile(
    rf"\b(?:[Dd]iolch\s+(?:yn\s+fawr\s+)?i|[Ff]y\s+{_WELSH_KIN}|[Ee]in\s+{_WELSH_KIN})\s+"
    rf"(?P<name>{_NAME})|(?<![\w'’])(?P<before>{_NAME})(?=,?\s+(?:fy|ein)\s+{_WELSH_KIN}\b)"
)
#: A sentence or clause opening with a name and what its owner did for the writer
#: ("Priya explained everything and made me laugh", "Kwame listened"), or, for a given name
#: of the lists (`is_given_name`), how they were ("Chloe was amazing"; not "Maternity was
#: amazing"). Places and services do neither: "Tesco explained" is no sentence.
_DID_CARE = re.compile(
    rf"{_CLAUSE_START}(?P<name>{_NAME})\s+(?:(?P<care>{_CARED})|(?P<how>{_HOW_THEY_WERE}))\b"
)
_CARE_WORDS = (
    "explain", "listen", "reassur", "comfort", "calm", "held", "made me", "looked after",
    "time", "sat with", "stayed with", "talked", "went ", "goes ", "helped", "sorted", "amazing",
    "brilliant", "lovely", "fantastic", "wonderful", "great", "excellent", "fab", "outstanding",
    "superb", "helpful", "friendly", "rude", "dismissive", "holding", "caring", "support",
)  # fmt: skip
#: Words `_QUALITY` needs, and those `_STAR` needs besides (places and roles).
_QUALITY_WORDS = (
    "star", "angel", "gem", "legend", "credit", "hero", "diamond", "godsend", "patient", "kind",
    "gentle", "caring", "compassionate", "attentive", "sweet", "deserve",
)  # fmt: skip
_STAR_WORDS = (
    *_QUALITY_WORDS, "reception", "nights", "days", "desk", "ward", "phone", "switchboard", "line",
    "hca", "nurse", "doctor", "receptionist", "physio", "midwife", "pharmacist", "porter",
    "cleaner", "consultant", "paramedic", "healthcare", "worker", "ordinator", "therapist",
    "psycholog", "psychiatr", "counsel", "cpn", "lecturer", "tutor", "teacher", "leader",
    " in it", " in hr", " from it", " from hr", "payroll", "finance", "facilities", "accounts",
    "estates", "customer services", "plumber", "electrician", "joiner", "carpenter", "engineer",
    "operative", "caretaker", "gardener", "handyman", "contractor", "surveyor", "technician",
    "fitter", "decorator", "builder", "roofer", "plasterer", "officer", "driver", "band",
    "lead", "manager", "supervisor", "matron", "librarian", "volunteer", "secretary", "chef",
    "pharmacy", "radiology", "ray", "pathology", "theatres", "outpatients",
    "catering", "housekeeping", "security", "procurement", "maintenance", "repairs",
    "admissions", "shift", "clinic", "unit",
)  # fmt: skip
#: Praise that names its object: "Can't praise Bev enough", "couldn't thank Ali enough".
_ENOUGH = re.compile(
    rf"\b(?:praise|thank)\s+(?:(?P<name>{_NAME}(?:\s+{_NAME})?)|(?P<lower>[a-z][a-z'’-]*))"
    r"\s+enough\b"
)


#: A name thanked directly: "Thanks Gemma for everything", "Cheers Gemma!", and in lower
#: case (a text in capitals read so) only where the clause ends with it: "THANK YOU
#: GEMMA".
_THANKED = re.compile(
    r"\b(?:[Tt]hank\s+you|[Tt]hanks|[Cc]heers)\s*,?\s+"
    rf"(?:(?P<name>{_NAME})|(?P<lower>[a-z][a-z'’-]*)(?=\s*(?:[.!,;]|x+\b|$)))"
    # ... not a place thanked: "Thank you Leeds hospital".
    r"(?!\s+(?i:hospital|surgery|practice|clinic|team|staff|council|ward|nhs)\b)"
)
_THANKS_WORDS = ("thank", "cheers")
_POST_WORDS = (
    "reception", "nights", "days", "phone", "switchboard", "ward", "desk", "line", "shift",
    "clinic", "unit",
)  # fmt: skip


#: A name signed at the end, after thanks or a sign-off: "Thank you. Sarah", "Many thanks,
#: Dave x", "Kind regards, Jo Bloggs", "Love, Mum x". Not what "thanks to" and "love" say
#: in a sentence: "all thanks to Labour" and "we love Leeds" name no one, so after "thanks
#: to" the name must stand apart (a full stop, comma or dash between), "Love" must open its
#: sentence, and a name starts at a word's start (the "U" of "thanks to the EU" is none).
_SIGNED = re.compile(
    r"(?:\b[Tt]hanks to\b[^.!?\n]{0,40}?[.,!\n-]"
    r"|\b[Tt]hank(?:s(?!\s+to\b)| you)\b[^.!?\n]{0,40}"
    r"|\b[Rr]egards|\b[Bb]est wishes|\b[Cc]heers|(?:^|[.!?,\n])\s*[Ll]ove)"
    rf"[.,!]*\s*(?:-\s*)?(?<![\w'’])(?P<name>{_NAME}(?:\s+{_NAME})?)\s*(?:x+)?\s*[.!]*"
    # ... at the end, or before an address or number after a comma ("Regards, Sian
    # Hartley, 12 Tanners Row").
    r"\s*(?:,[^.!?\n]*)?$"
)
#: ... or a given name of the lists after a dash at the very end: "Give value for money -
#: Stacey." (a housing survey's, quoted).
_DASH_SIGNED = re.compile(rf"\s[-–—]\s*(?P<name>{_NAME})\s*[.!]*\s*(?:x+)?\s*$")
#: A full name before the means of reaching its owner: "Robert Kaur (tel 07700 900123)",
#: "Jo Bloggs, email jo@example.com".
_CONTACT = re.compile(
    rf"(?<![\w'’])(?P<name>{_NAME}\s+{_NAME})\s*[,(:-]?\s*"
    r"(?i:tel|telephone|phone|mob|mobile|e-?mail)\b"
)
_CONTACT_WORDS = ("tel", "phone", "mob", "mail")
#: Words of a body's name, whose number is no one's: "Wrexham Council (tel 01978 292000)".
_ORGANISATIONS = frozenset({
    "Council", "Office", "Trust", "Society", "Group", "Association", "Ltd", "Limited", "Plc",
    "School", "College", "University", "Partnership", "Board", "Authority", "Agency", "Police",
    "Services", "Desk", "Line", "Helpline", "Enquiries", "Reception",
})  # fmt: skip
#: Words that end an answer after thanks without being a name: "Thank you. Brilliant!"
_NOT_SIGNATURES = frozenset({
    "Again", "All", "Amazing", "Brilliant", "Everyone", "Excellent", "Fantastic", "Great",
    "Perfect", "Staff", "Superb", "Team", "Wonderful", "Lovely", "Outstanding", "Yes",
    "Agreed", "Absolutely", "Definitely", "Indeed", "Sadly", "Unfortunately", "Simple",
})  # fmt: skip


#: Capitalised words that open a sentence of praise without naming anyone ("Everyone was
#: a star", "Staff on nights", "Reception on the desk").
_NOT_PRAISED = frozenset({
    "Everyone", "Everybody", "Staff", "Nurses", "Doctors", "Reception", "Care", "Each",
    "Every", "Someone", "Somebody", "Nobody", "Noone", "Whoever", "Ward", "Nursing", "Porters",
    "Cleaners", "Physio", "Physios", "Doctor", "Nurse", "Sister", "Matron", "Dr", "What",
    "That", "There", "Here", "Food", "Everything", "Which",
})  # fmt: skip


def _praised_name(name: str, rare: bool = True) -> bool:
    """Whether a capitalised name a phrasing found can be someone's: its first word none of
    the words that open such sentences ("Everyone", "Staff"), and rare in the dictionary
    where `rare` ("Julie", not "Breakfast")."""
    first = name.split()[0]
    if first in _NOT_NAMES | _NOT_SIGNATURES | _NOT_PRAISED:
        return False
    return not rare or _rare(name)


def _rare(word: str) -> bool:
    """Whether a capitalised word is rare enough in the dictionary to be read as a name
    where only its place says so ("Sarah", "Tom"; not "Breakfast" or "Noise")."""
    return bool(english_dictionary().word_frequency[word.lower()] < _COMMON)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without the words at either end that are no name ("Nurse Practitioner
    Jones" gives "Jones"); None when nothing is left."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and words[-1].group(0) in _NOT_NAMES:
        words.pop()
    while words and words[0].group(0) in _NOT_NAMES:
        words.pop(0)
    if not words:
        return None
    return start + words[0].start(), start + words[-1].end()


#: Lower-case words after a title that are rare in the dictionary yet no name: roles and
#: the words of a visit ("nurse practitioner", "doctor rang", "dr referral").
_NOT_LOWER_NAMES = frozenset({
    "practitioner", "specialist", "consultant", "receptionist", "midwife", "paramedic",
    "physio", "anaesthetist", "pharmacist", "registrar", "triage", "ward", "prescription",
    "referral", "rang",
    # ... and what people type in a chat: "brilliant practice nurse tbh".
    "tbh", "tbf", "imo", "imho", "lol", "btw", "fyi", "asap", "aswell", "obvs", "defo", "xx",
    "xxx",
})  # fmt: skip


#: Dictionary frequency from which a lower-case word is read as an ordinary word ("mary"
#: is 6,393 in pyspellchecker's English list, "explained" 24,641, "was" 13.7 million).
_COMMON = 12_000


#: Endings of verbs and adverbs, and of adjectives, which names rarely have ("Ahmed" is a
#: name ending as a verb, so that rule asks for a commoner word).
_VERB_ENDINGS = ("ed", "ing", "ly")
_ADJECTIVE_ENDINGS = ("ic", "ous", "ful", "less", "able", "ible", "ive")


def _could_be_name(word: str, unknown_only: bool = False) -> bool:
    """Whether a lower-case word after a title or a relative could be a name: a word no
    dictionary knows ("okafor", "adeyemi"), or, unless `unknown_only`, one too rare to be
    the verb or noun a sentence goes on with ("jenny", "patel", but not "explained",
    "came", "appointment"). Read as words the sentence goes on with, too: a dictionary word
    ending as a verb, an adverb or an adjective ("reassured", "kindly", "autistic"),
    unless it is rare ("ahmed"); the plural of a known word ("anesthetists"); a
    contraction typed without its apostrophe ("didnt"); and a typo of a common word
    ("recieved"). A double-barrelled word must be a name in both parts."""
    word = word.strip("'’-")
    if not word or word in _NOT_LOWER_NAMES:
        return False
    if "-" in word:
        # "mary-jane", but not "x-ray" or "e-coli".
        parts = word.split("-")
        return all(len(part) > 1 and _could_be_name(part, unknown_only) for part in parts)
    english = english_dictionary()
    if word.endswith("s") and english.word_frequency[word[:-1]] >= 50:
        return False
    if word.endswith("nt") and f"{word[:-2]}n't" in english:
        return False
    frequency = english.word_frequency[word]
    if frequency == 0:
        # ... but a typo of a common word is none ("my dad recieved").
        near = english.known(english.edit_distance_1(word))
        return not any(english.word_frequency[w] >= _COMMON for w in near)
    if word.endswith(_VERB_ENDINGS) and frequency >= 1000 and _formed(word):
        return False
    if word.endswith(_ADJECTIVE_ENDINGS) and frequency >= 100:
        return False
    if unknown_only:
        # ... where only a given name of the lists that is a rare word will do: "lovely
        # student midwife ellie made me feel so safe" (an FFT's, quoted twice).
        return frequency < _COMMON and is_given_name(word.title())
    return frequency < _COMMON


def _formed(word: str) -> bool:
    """Whether a word with a verb's or an adverb's ending is one formed from a word of its
    own: "kindly" (kind), "terribly" (terrible), "happily" (happy), but not "kelly" or
    "holly", which only end as adverbs do ("shout out to kelly")."""
    if not word.endswith("ly"):
        return True
    stems = [word[:-3] + "y"] if word.endswith("ily") else [word[:-2], word[:-1] + "e"]
    frequency = english_dictionary().word_frequency
    return any(frequency[stem] >= 100 for stem in stems)


#: Words before a title that make it a noun ("the nurse", "school nurse"), after which a
#: known word goes on the sentence ("the nurse staffing levels", "school nurse ratio").
_BEFORE_A_NOUN = frozenset({
    "the", "a", "an", "more", "less", "fewer", "no", "any", "each", "every", "this", "that",
    "our", "your", "their", "his", "her", "my", "some", "of", "school", "registered",
    "district", "community", "practice", "specialist", "student", "agency", "bank", "staff",
})  # fmt: skip


def _lower_name(
    text: str, start: int, end: int, title_at: int | None = None, miss: bool = False
) -> tuple[int, int] | None:
    """The span of the words that could be a name, from the first; None if the first
    could not. After a title (at `title_at`) a surname of the lists counts ("mrs williams",
    which reads as a plural; a parents' survey's label of 57); after one that "the",
    "school" and the like make a noun ("the nurse"), or after "miss" (`miss`), mostly the
    verb, only such a surname or a word no dictionary knows counts."""
    before = text[:title_at].split() if title_at is not None else []
    noun = bool(before) and before[-1].lower().strip(",.;:") in _BEFORE_A_NOUN
    unknown_only = noun or miss
    words = list(re.finditer(r"\S+", text[start:end]))
    kept: list[re.Match[str]] = []
    for word in words:
        # ... the first word only: "dr okafor rang us" ("Rang" is a surname too).
        first = not kept and title_at is not None
        surname = first and is_surname(word.group(0).strip("'’-"))
        if not (surname or _could_be_name(word.group(0), unknown_only)):
            break
        kept.append(word)
    if not kept:
        return None
    return start + kept[0].start(), start + kept[-1].end()


#: Words `_SIGNED` and the title patterns need, in lower case (parts of words will do).
_SIGN_OFF_WORDS = ("thank", "regards", "wishes", "cheers", "love")
_TITLE_WORDS = (
    "dr", "doctor", "mr", "ms", "miss", "mx", "prof", "nurse", "sister", "matron", "midwife",
    "councillor", "cllr", "rev",
)  # fmt: skip


def _match_span(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """The name a phrasing matched: in lower case, the words of it that could be a name
    (`_lower_name`); capitalised, without the words at either end that are none."""
    groups = match.re.groupindex
    if "lower" in groups and match["lower"]:
        return _lower_name(text, match.start("lower"), match.end("lower"))
    group = next(g for g in ("name", "called") if g in groups and match[g])
    return _trimmed(text, match.start(group), match.end(group))


#: Two or more words in capitals in a row: "THANK YOU DR PATEL", "EMMA ON RECEPTION".
_CAPITALS = re.compile(r"\b[A-Z][A-Z'’-]*(?:[\s,.!?]+[A-Z][A-Z'’-]*)+\b")


def name_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` gives someone's name in one of the phrasings above, in text order.
    Words typed in capitals are read in lower case too ("EMMA ON RECEPTION WAS
    BRILLIANT", "THANK YOU DR PATEL for sorting my knee"): no capital there marks a
    name."""
    spans = _spans(text)
    lowered = _CAPITALS.sub(lambda m: m.group(0).lower(), text)
    if lowered != text and len(lowered) == len(text):
        spans |= _spans(lowered)
    return sorted(spans | _joined_names(text, spans))


#: A capitalised word joined by "and" or "&" to a name found: "Shannon and Ellie on the
#: postnatal ward were fab" (an FFT's, where only "Ellie" had been found and "Shannon" was
#: quoted five times).
_BEFORE_AND = re.compile(rf"(?<![\w'’])(?P<name>{_NAME})\s+(?:and|&)\s+$")
_AFTER_AND = re.compile(rf"\s+(?:and|&)\s+(?P<name>{_NAME})")


def _joined_names(text: str, spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The given names of the lists (`is_given_name`) joined to a name in `spans`, where
    no span holds them already."""
    found = [
        match
        for start, end in spans
        for match in (_BEFORE_AND.search(text, 0, start), _AFTER_AND.match(text, end))
        if match and is_given_name(match["name"])
    ]
    return {
        (match.start("name"), match.end("name"))
        for match in found
        if not any(s < match.end("name") and match.start("name") < e for s, e in spans)
    }


def _spans(text: str) -> set[tuple[int, int]]:
    spans = set(full_name_spans(text))
    lower = text.lower()
    # Each phrasing is looked for only where its words are: most answers have none, and a
    # search for plain words costs a fraction of a pattern's (redaction reads every clause).
    signed = _SIGNED.search(text) if any(w in lower for w in _SIGN_OFF_WORDS) else None
    if signed and signed["name"].split()[0] not in _NOT_SIGNATURES | _NOT_NAMES:
        spans.add((signed.start("name"), signed.end("name")))
    dashed = _DASH_SIGNED.search(text) if "-" in text or "–" in text or "—" in text else None
    if dashed and is_given_name(dashed["name"]):
        spans.add((dashed.start("name"), dashed.end("name")))
    for match in _CONTACT.finditer(text) if any(w in lower for w in _CONTACT_WORDS) else ():
        if not set(match["name"].split()) & (_NOT_NAMES | _ORGANISATIONS):
            spans.add((match.start("name"), match.end("name")))
    titled = any(w in lower for w in _TITLE_WORDS)
    for pattern in (_OWN_NAME, _RELATIVE, *((_TITLED,) if titled else ())):
        for match in pattern.finditer(text):
            if match.re is _RELATIVE and match["name"] and not _praised_name(match["name"], False):
                continue  # "looked after my husband Staff went above and beyond"
            if span := _match_span(text, match):
                spans.add(span)
    praised = [
        *(_MENTIONED.finditer(text) if any(w in lower for w in _MENTION_WORDS) else ()),
        *(_THANKS_TO.finditer(text) if "thanks to" in lower else ()),
        *(_SPOKEN_TO.finditer(text) if " to " in lower or " for " in lower else ()),
        *(_PRAISED.finditer(text) if any(w in lower for w in _STAR_WORDS) else ()),
        *(_PRAISED_INSIDE.finditer(text) if any(w in lower for w in _QUALITY_WORDS) else ()),
        *(_ENOUGH.finditer(text) if "enough" in lower else ()),
        *(_BRACKETED_ROLE.finditer(text) if "(" in text else ()),
        *(_CALLED.finditer(text) if "called" in lower or "named" in lower else ()),
    ]
    for match in praised:
        # After a mention or "called", a capitalised word is a name however common a word
        # it is ("a lady called Grace").
        rare = match.re not in (_MENTIONED, _CALLED)
        if match["name"] and not _praised_name(match["name"], rare=rare):
            continue  # "Breakfast on the ward was cold": a common word opens it
        if match.re is _SPOKEN_TO and not all(_rare(word) for word in match["name"].split()):
            continue  # "spoke to Council Tax"
        if span := _match_span(text, match):
            spans.add(span)
    for match in (
        _WELSH_CUES.finditer(text)
        if "diolch" in lower or " fy " in lower or "ein " in lower
        else ()
    ):
        group = "name" if match["name"] else "before"
        if is_given_name(match[group]):
            spans.add((match.start(group), match.end(group)))
    placed = " team" in lower or " at " in lower
    for match in _IN_TEAM.finditer(text) if placed else ():
        group = "name" if match["name"] else "at"
        name = match[group]
        if is_given_name(name) or (_praised_name(name) and _could_be_name(name.lower(), True)):
            spans.add((match.start(group), match.end(group)))
    for match in _DID_CARE.finditer(text) if any(w in lower for w in _CARE_WORDS) else ():
        if _did_care(match):
            spans.add((match.start("name"), match.end("name")))
    posted = " on " in lower and any(w in lower for w in _POST_WORDS)
    for match in _ON_RECEPTION.finditer(text) if posted else ():
        before = text[: match.start()].split()
        after_a_noun = bool(before) and before[-1].lower().strip(",.;:") in _BEFORE_A_NOUN
        if match["name"] and not _praised_name(match["name"]):
            continue
        if not after_a_noun and (span := _match_span(text, match)):
            spans.add(span)
    for match in _THANKED.finditer(text) if any(w in lower for w in _THANKS_WORDS) else ():
        if match["name"] and not _praised_name(match["name"]):
            continue
        if span := _match_span(text, match):
            spans.add(span)
    for match in _TITLED_LOWER.finditer(text) if titled else ():
        miss = match["title"].lower() == "miss"
        if span := _lower_name(text, match.start("name"), match.end("name"), match.start(), miss):
            spans.add(span)
    return spans


#: Staff and carers named by role at the start of a sentence, which dictionaries know only
#: as rare words ("Sonographer explained", "Anaesthetist listened").
_ROLE_WORDS = frozenset({
    "anaesthetist", "anesthetist", "radiographer", "sonographer", "phlebotomist", "registrar",
    "optician", "optometrist", "audiologist", "podiatrist", "chiropodist", "dietitian",
    "dietician", "orthoptist", "hygienist", "paramedic", "porter", "surgeon", "carer",
    "receptionist", "pharmacist", "physiotherapist", "hca", "gp", "sister", "matron",
    "midwife", "consultant", "nurse", "doctor", "therapist", "counsellor", "mum", "dad",
})  # fmt: skip


def _did_care(match: re.Match[str]) -> bool:
    """Whether `_DID_CARE` found a person: a listed given name, or, before what a person
    does, a word no dictionary knows that is no typo or role ("Priya", not "Docter")."""
    name = match["name"]
    if not _praised_name(name, rare=False) or name.lower() in _ROLE_WORDS:
        return False
    if is_given_name(name):
        return True
    return bool(match["care"]) and _could_be_name(name.lower(), unknown_only=True)


class PhraseNameFinder:
    """`name_spans` as a name finder for `sounding.privacy.redact` (always available)."""

    def available(self) -> bool:
        return True

    def find(self, text: str) -> list[tuple[int, int]]:
        return name_spans(text)
