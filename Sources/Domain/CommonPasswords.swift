import Foundation

/// Passwords people choose most often, which a guesser tries first: the perennial top lists, keyboard walks,
/// pinyin favourites (woaini1314, 5201314) and the usual word with digits, a year or a symbol (admin123,
/// password@123, qq123456). Written down from general knowledge, lower-cased; 1407 entries. A password is
/// refused when its lower-case form is one of them (see `AccountRules.checkPassword`).
public enum CommonPasswords {
    public static func contains(_ password: String) -> Bool {
        list.contains(password.lowercased())
    }

    public static let list: Set<String> = Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    private static let text = """
    123456 123456789 12345678 12345 1234567 1234567890 123123 111111 000000 666666 888888 654321 123321 112233
    121212 987654321 0987654321 1234 12345qwert 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc 1qazxsw2
    2wsx3edc 3edc4rfv qazwsx qazwsxedc qazwsx123 qwerty qwerty123 qwerty1234 qwerty12345 qwertyuiop qwertyuiop123
    qwe123 qwe123456 qweasd qweasdzxc qweasd123 asdfgh asdfghjkl asd123 asd123456 zxcvbn zxcvbnm zxcvbnm123 zxc123
    zxc123456 abc123 abc1234 abc12345 abc123456 abcd1234 abcd12345 abcd123456 abcdef abcdefg abcdefgh a123456
    a1234567 a12345678 a123456789 aa123456 aa12345678 aa123456789 aaa111 aaaaaa a1b2c3 a1b2c3d4 123abc 123qwe
    123asd 123456a 123456aa 123456abc 123456q 123456qq 1234qwer 12qwaszx 123456789a 1234567890a password password1
    password12 password123 password1234 password! password@123 p@ssw0rd p@ssword passw0rd pass123 pass1234 passwd
    letmein letmein123 welcome welcome1 welcome123 welcome@123 admin admin123 admin1234 admin12345 admin123456
    admin888 admin@123 administrator root root123 root1234 toor test test123 test1234 test12345 guest guest123
    user user123 changeme changeme123 default master master123 monkey dragon dragon123 sunshine princess football
    baseball shadow superman batman michael iloveyou iloveyou1 iloveyou123 trustno1 hello hello123 hello1234
    hellokitty freedom whatever starwars computer internet secret secret123 login login123 access 666666a 888888a
    5201314 520520 1314520 13145200 52013145 woaini woaini1314 woaini520 woaini123 woaini1314520 woaini521
    woaiwojia woaimama woaibaba iloveyou520 aini1314 wo123456 woshishui zhang123 wang123 li123456 liu123456
    chen123 yang123 zhao123 huang123 zhou123 wu123456 xu123456 sun123456 ma123456 zhangwei wangwei wangfang liwei
    lina zhangmin lijing wangjing liuwei wangli zhangli zhangjing zhanglei wangyan qq123456 qq5201314 qq123456789
    taobao taobao123 baidu123 weixin weixin123 wechat123 alibaba huawei huawei123 xiaomi xiaomi123 tencent china
    china123 china2008 beijing beijing123 shanghai shanghai123 guangzhou shenzhen nanjing wuhan chengdu hangzhou
    tianjin chongqing xian123 zhongguo zhongguo123 aaaaaaaa 11111111 88888888 66666666 00000000 12341234 11223344
    12121212 1111111111 0000000000 8888888888 147258369 147258 159357 159753 741852963 789456123 789456 456789
    321321 852456 963852741 147852369 258369 135790 1357924680 a5201314 z123456 q123456 w123456 s123456 x123456
    qq111111 aa111111 ab123456 abc666 abc888 asdf1234 asdfasdf qwer1234 qwerqwer zaq12wsx !qaz2wsx !qaz@wsx
    1qaz@wsx 1qaz!qaz p@55w0rd p@ssw0rd1 p@ssw0rd123 p@$$w0rd admin@1234 admin#123 root@123 test@123 abc@123
    abc@1234 qwe@123 qwe!@# 123!@# !@#$%^ !@#123 1q2w3e 1q2w3e4r! q1w2e3r4 q1w2e3r4t5 zxcv1234 1234abcd 12345abc
    password12345 password123456 password12345678 password123456789 password888 password666 password520
    password1314 password5201314 password@123456 password#123 password!@# password2022 password2023 password2024
    password2025 password2026 passw0rd123 passw0rd1234 passw0rd12345 passw0rd123456 passw0rd12345678
    passw0rd123456789 passw0rd888 passw0rd666 passw0rd520 passw0rd1314 passw0rd5201314 passw0rd@123
    passw0rd@123456 passw0rd#123 passw0rd!@# passw0rd2022 passw0rd2023 passw0rd2024 passw0rd2025 passw0rd2026
    passw0rd! passw0rd1 p@ssw0rd1234 p@ssw0rd12345 p@ssw0rd123456 p@ssw0rd12345678 p@ssw0rd123456789 p@ssw0rd888
    p@ssw0rd666 p@ssw0rd520 p@ssw0rd1314 p@ssw0rd5201314 p@ssw0rd@123 p@ssw0rd@123456 p@ssw0rd#123 p@ssw0rd!@#
    p@ssw0rd2022 p@ssw0rd2023 p@ssw0rd2024 p@ssw0rd2025 p@ssw0rd2026 p@ssw0rd! admin12345678 admin123456789
    admin666 admin520 admin1314 admin5201314 admin@123456 admin!@# admin2022 admin2023 admin2024 admin2025
    admin2026 admin! admin1 root12345 root123456 root12345678 root123456789 root888 root666 root520 root1314
    root5201314 root@123456 root#123 root!@# root2022 root2023 root2024 root2025 root2026 root! root1 test123456
    test12345678 test123456789 test888 test666 test520 test1314 test5201314 test@123456 test#123 test!@# test2022
    test2023 test2024 test2025 test2026 test! test1 guest1234 guest12345 guest123456 guest12345678 guest123456789
    guest888 guest666 guest520 guest1314 guest5201314 guest@123 guest@123456 guest#123 guest!@# guest2022
    guest2023 guest2024 guest2025 guest2026 guest! guest1 user1234 user12345 user123456 user12345678 user123456789
    user888 user666 user520 user1314 user5201314 user@123 user@123456 user#123 user!@# user2022 user2023 user2024
    user2025 user2026 user! user1 qwerty123456 qwerty12345678 qwerty123456789 qwerty888 qwerty666 qwerty520
    qwerty1314 qwerty5201314 qwerty@123 qwerty@123456 qwerty#123 qwerty!@# qwerty2022 qwerty2023 qwerty2024
    qwerty2025 qwerty2026 qwerty! qwerty1 qwe1234 qwe12345 qwe12345678 qwe123456789 qwe888 qwe666 qwe520 qwe1314
    qwe5201314 qwe@123456 qwe#123 qwe2022 qwe2023 qwe2024 qwe2025 qwe2026 qwe! qwe1 asd1234 asd12345 asd12345678
    asd123456789 asd888 asd666 asd520 asd1314 asd5201314 asd@123 asd@123456 asd#123 asd!@# asd2022 asd2023 asd2024
    asd2025 asd2026 asd! asd1 zxc1234 zxc12345 zxc12345678 zxc123456789 zxc888 zxc666 zxc520 zxc1314 zxc5201314
    zxc@123 zxc@123456 zxc#123 zxc!@# zxc2022 zxc2023 zxc2024 zxc2025 zxc2026 zxc! zxc1 abc12345678 abc123456789
    abc520 abc1314 abc5201314 abc@123456 abc#123 abc!@# abc2022 abc2023 abc2024 abc2025 abc2026 abc! abc1 abcd123
    abcd12345678 abcd123456789 abcd888 abcd666 abcd520 abcd1314 abcd5201314 abcd@123 abcd@123456 abcd#123 abcd!@#
    abcd2022 abcd2023 abcd2024 abcd2025 abcd2026 abcd! abcd1 woaini1234 woaini12345 woaini123456 woaini12345678
    woaini123456789 woaini888 woaini666 woaini5201314 woaini@123 woaini@123456 woaini#123 woaini!@# woaini2022
    woaini2023 woaini2024 woaini2025 woaini2026 woaini! woaini1 iloveyou1234 iloveyou12345 iloveyou123456
    iloveyou12345678 iloveyou123456789 iloveyou888 iloveyou666 iloveyou1314 iloveyou5201314 iloveyou@123
    iloveyou@123456 iloveyou#123 iloveyou!@# iloveyou2022 iloveyou2023 iloveyou2024 iloveyou2025 iloveyou2026
    iloveyou! aini123 aini1234 aini12345 aini123456 aini12345678 aini123456789 aini888 aini666 aini520 aini5201314
    aini@123 aini@123456 aini#123 aini!@# aini2022 aini2023 aini2024 aini2025 aini2026 aini! aini1 welcome1234
    welcome12345 welcome123456 welcome12345678 welcome123456789 welcome888 welcome666 welcome520 welcome1314
    welcome5201314 welcome@123456 welcome#123 welcome!@# welcome2022 welcome2023 welcome2024 welcome2025
    welcome2026 welcome! hello12345 hello123456 hello12345678 hello123456789 hello888 hello666 hello520 hello1314
    hello5201314 hello@123 hello@123456 hello#123 hello!@# hello2022 hello2023 hello2024 hello2025 hello2026
    hello! hello1 china1234 china12345 china123456 china12345678 china123456789 china888 china666 china520
    china1314 china5201314 china@123 china@123456 china#123 china!@# china2022 china2023 china2024 china2025
    china2026 china! china1 beijing1234 beijing12345 beijing123456 beijing12345678 beijing123456789 beijing888
    beijing666 beijing520 beijing1314 beijing5201314 beijing@123 beijing@123456 beijing#123 beijing!@# beijing2022
    beijing2023 beijing2024 beijing2025 beijing2026 beijing! beijing1 love123 love1234 love12345 love123456
    love12345678 love123456789 love888 love666 love520 love1314 love5201314 love@123 love@123456 love#123 love!@#
    love2022 love2023 love2024 love2025 love2026 love! love1 baby123 baby1234 baby12345 baby123456 baby12345678
    baby123456789 baby888 baby666 baby520 baby1314 baby5201314 baby@123 baby@123456 baby#123 baby!@# baby2022
    baby2023 baby2024 baby2025 baby2026 baby! baby1 angel123 angel1234 angel12345 angel123456 angel12345678
    angel123456789 angel888 angel666 angel520 angel1314 angel5201314 angel@123 angel@123456 angel#123 angel!@#
    angel2022 angel2023 angel2024 angel2025 angel2026 angel! angel1 dragon1234 dragon12345 dragon123456
    dragon12345678 dragon123456789 dragon888 dragon666 dragon520 dragon1314 dragon5201314 dragon@123 dragon@123456
    dragon#123 dragon!@# dragon2022 dragon2023 dragon2024 dragon2025 dragon2026 dragon! dragon1 monkey123
    monkey1234 monkey12345 monkey123456 monkey12345678 monkey123456789 monkey888 monkey666 monkey520 monkey1314
    monkey5201314 monkey@123 monkey@123456 monkey#123 monkey!@# monkey2022 monkey2023 monkey2024 monkey2025
    monkey2026 monkey! monkey1 master1234 master12345 master123456 master12345678 master123456789 master888
    master666 master520 master1314 master5201314 master@123 master@123456 master#123 master!@# master2022
    master2023 master2024 master2025 master2026 master! master1 super123 super1234 super12345 super123456
    super12345678 super123456789 super888 super666 super520 super1314 super5201314 super@123 super@123456
    super#123 super!@# super2022 super2023 super2024 super2025 super2026 super! super1 qazwsx1234 qazwsx12345
    qazwsx123456 qazwsx12345678 qazwsx123456789 qazwsx888 qazwsx666 qazwsx520 qazwsx1314 qazwsx5201314 qazwsx@123
    qazwsx@123456 qazwsx#123 qazwsx!@# qazwsx2022 qazwsx2023 qazwsx2024 qazwsx2025 qazwsx2026 qazwsx! qazwsx1
    1qaz2wsx123 1qaz2wsx1234 1qaz2wsx12345 1qaz2wsx123456 1qaz2wsx12345678 1qaz2wsx123456789 1qaz2wsx888
    1qaz2wsx666 1qaz2wsx520 1qaz2wsx1314 1qaz2wsx5201314 1qaz2wsx@123 1qaz2wsx@123456 1qaz2wsx#123 1qaz2wsx!@#
    1qaz2wsx2022 1qaz2wsx2023 1qaz2wsx2024 1qaz2wsx2025 1qaz2wsx2026 1qaz2wsx! 1qaz2wsx1 system123 system1234
    system12345 system123456 system12345678 system123456789 system888 system666 system520 system1314 system5201314
    system@123 system@123456 system#123 system!@# system2022 system2023 system2024 system2025 system2026 system!
    system1 manager123 manager1234 manager12345 manager123456 manager12345678 manager123456789 manager888
    manager666 manager520 manager1314 manager5201314 manager@123 manager@123456 manager#123 manager!@# manager2022
    manager2023 manager2024 manager2025 manager2026 manager! manager1 server123 server1234 server12345
    server123456 server12345678 server123456789 server888 server666 server520 server1314 server5201314 server@123
    server@123456 server#123 server!@# server2022 server2023 server2024 server2025 server2026 server! server1
    huawei1234 huawei12345 huawei123456 huawei12345678 huawei123456789 huawei888 huawei666 huawei520 huawei1314
    huawei5201314 huawei@123 huawei@123456 huawei#123 huawei!@# huawei2022 huawei2023 huawei2024 huawei2025
    huawei2026 huawei! huawei1 taobao1234 taobao12345 taobao123456 taobao12345678 taobao123456789 taobao888
    taobao666 taobao520 taobao1314 taobao5201314 taobao@123 taobao@123456 taobao#123 taobao!@# taobao2022
    taobao2023 taobao2024 taobao2025 taobao2026 taobao! taobao1 baidu1234 baidu12345 baidu123456 baidu12345678
    baidu123456789 baidu888 baidu666 baidu520 baidu1314 baidu5201314 baidu@123 baidu@123456 baidu#123 baidu!@#
    baidu2022 baidu2023 baidu2024 baidu2025 baidu2026 baidu! baidu1 weixin1234 weixin12345 weixin123456
    weixin12345678 weixin123456789 weixin888 weixin666 weixin520 weixin1314 weixin5201314 weixin@123 weixin@123456
    weixin#123 weixin!@# weixin2022 weixin2023 weixin2024 weixin2025 weixin2026 weixin! weixin1 qq123 qq1234
    qq12345 qq12345678 qq888 qq666 qq520 qq1314 qq@123 qq@123456 qq#123 qq!@# qq2022 qq2023 qq2024 qq2025 qq2026
    qq! qq1 wang1234 wang12345 wang123456 wang12345678 wang123456789 wang888 wang666 wang520 wang1314 wang5201314
    wang@123 wang@123456 wang#123 wang!@# wang2022 wang2023 wang2024 wang2025 wang2026 wang! wang1 zhang1234
    zhang12345 zhang123456 zhang12345678 zhang123456789 zhang888 zhang666 zhang520 zhang1314 zhang5201314
    zhang@123 zhang@123456 zhang#123 zhang!@# zhang2022 zhang2023 zhang2024 zhang2025 zhang2026 zhang! zhang1
    li123 li1234 li12345 li12345678 li123456789 li888 li666 li520 li1314 li5201314 li@123 li@123456 li#123 li!@#
    li2022 li2023 li2024 li2025 li2026 li! li1 liu123 liu1234 liu12345 liu12345678 liu123456789 liu888 liu666
    liu520 liu1314 liu5201314 liu@123 liu@123456 liu#123 liu!@# liu2022 liu2023 liu2024 liu2025 liu2026 liu! liu1
    chen1234 chen12345 chen123456 chen12345678 chen123456789 chen888 chen666 chen520 chen1314 chen5201314 chen@123
    chen@123456 chen#123 chen!@# chen2022 chen2023 chen2024 chen2025 chen2026 chen! chen1 yang1234 yang12345
    yang123456 yang12345678 yang123456789 yang888 yang666 yang520 yang1314 yang5201314 yang@123 yang@123456
    yang#123 yang!@# yang2022 yang2023 yang2024 yang2025 yang2026 yang! yang1 zhao1234 zhao12345 zhao123456
    zhao12345678 zhao123456789 zhao888 zhao666 zhao520 zhao1314 zhao5201314 zhao@123 zhao@123456 zhao#123 zhao!@#
    zhao2022 zhao2023 zhao2024 zhao2025 zhao2026 zhao! zhao1 jiankang123 jiankang1234 jiankang12345 jiankang123456
    jiankang12345678 jiankang123456789 jiankang888 jiankang666 jiankang520 jiankang1314 jiankang5201314
    jiankang@123 jiankang@123456 jiankang#123 jiankang!@# jiankang2022 jiankang2023 jiankang2024 jiankang2025
    jiankang2026 jiankang! jiankang1 health123 health1234 health12345 health123456 health12345678 health123456789
    health888 health666 health520 health1314 health5201314 health@123 health@123456 health#123 health!@#
    health2022 health2023 health2024 health2025 health2026 health! health1 healthcity123 healthcity1234
    healthcity12345 healthcity123456 healthcity12345678 healthcity123456789 healthcity888 healthcity666
    healthcity520 healthcity1314 healthcity5201314 healthcity@123 healthcity@123456 healthcity#123 healthcity!@#
    healthcity2022 healthcity2023 healthcity2024 healthcity2025 healthcity2026 healthcity! healthcity1 zhengfu123
    zhengfu1234 zhengfu12345 zhengfu123456 zhengfu12345678 zhengfu123456789 zhengfu888 zhengfu666 zhengfu520
    zhengfu1314 zhengfu5201314 zhengfu@123 zhengfu@123456 zhengfu#123 zhengfu!@# zhengfu2022 zhengfu2023
    zhengfu2024 zhengfu2025 zhengfu2026 zhengfu! zhengfu1 weisheng123 weisheng1234 weisheng12345 weisheng123456
    weisheng12345678 weisheng123456789 weisheng888 weisheng666 weisheng520 weisheng1314 weisheng5201314
    weisheng@123 weisheng@123456 weisheng#123 weisheng!@# weisheng2022 weisheng2023 weisheng2024 weisheng2025
    weisheng2026 weisheng! weisheng1 aa1234567890 a1234567890 qq1234567890 abc1234567890 aa123123 aa112233
    19701970 abc1970 19711971 abc1971 19721972 abc1972 19731973 abc1973 19741974 abc1974 19751975 abc1975 19761976
    abc1976 19771977 abc1977 19781978 abc1978 19791979 abc1979 19801980 abc1980 19811981 abc1981 19821982 abc1982
    19831983 abc1983 19841984 abc1984 19851985 abc1985 19861986 abc1986 19871987 abc1987 19881988 abc1988 19891989
    abc1989 19901990 abc1990 19911991 abc1991 19921992 abc1992 19931993 abc1993 19941994 abc1994 19951995 abc1995
    19961996 abc1996 19971997 abc1997 19981998 abc1998 19991999 abc1999 20002000 abc2000 20012001 abc2001 20022002
    abc2002 20032003 abc2003 20042004 abc2004 20052005 abc2005
    """
}
