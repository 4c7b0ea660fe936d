drop view "x"."q";

drop view "x"."data";

drop table "x"."t_data";

create table "x"."data" (
    "id" uuid,
    "name" text
);

create view "x"."q" as SELECT data.id,
    data.name
   FROM x.data;
